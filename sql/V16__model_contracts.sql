-- Version 16: what a version's ONNX model file says of itself (inputs, outputs, operators, metadata) is
-- read once at upload and kept as JSON, so the item page, REST and pre-flight answer from it instead of
-- reading the stored file again. Null for other model files and for versions uploaded before.
ALTER TABLE item_version ADD COLUMN model_contract TEXT;
