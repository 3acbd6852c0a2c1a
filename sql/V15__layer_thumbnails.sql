-- Version 15: a feature layer's thumbnail is drawn once, when its run finishes, and stored as a blob,
-- instead of reading the layer's whole GeoJSON on a request. Null for layers made before, and where
-- drawing failed: those are drawn on request.
ALTER TABLE layer_item ADD COLUMN thumbnail_sha256 VARCHAR(64);
