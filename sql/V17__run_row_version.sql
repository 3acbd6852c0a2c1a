-- Version 17: optimistic locking of runs. The portal (cancel), the worker (progress, outcome) and the
-- recovery of interrupted runs write the same row from different transactions; each write now checks
-- that the row is still the one it read.
ALTER TABLE inference_run ADD COLUMN row_version BIGINT DEFAULT 0 NOT NULL;
