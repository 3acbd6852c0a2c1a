-- Version 18: the node (RASTERHUB_NODE, else the host) that ran a run's latest attempt, so that a
-- cluster's runs say where they ran.
ALTER TABLE inference_run ADD COLUMN node VARCHAR(100);
