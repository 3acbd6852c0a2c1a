-- Version 4: what each file of a package is (ONNX model, pickled PyTorch weights, Python source, ...),
-- whether it is executable code, whether RasterHub can run it, and what its pickles would import.

ALTER TABLE package_file ADD COLUMN kind VARCHAR(40);
ALTER TABLE package_file ADD COLUMN executable BOOLEAN;
ALTER TABLE package_file ADD COLUMN runnable BOOLEAN;
ALTER TABLE package_file ADD COLUMN assessment VARCHAR(1000);
ALTER TABLE package_file ADD COLUMN imports VARCHAR(2000);
