-- Version 7: rasters registered from a server folder an administrator named (not copied): the
-- absolute path read at run time, re-hashed before each run against the recorded sha256.
ALTER TABLE raster_item ADD COLUMN source_path VARCHAR(4000);
