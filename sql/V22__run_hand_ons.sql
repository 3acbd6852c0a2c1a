-- Version 22: runs handed on (issue #15). JobRunr's open-source queue hands any job to any runner, so a
-- runner that cannot run a run (it asks for GPUs the runner lacks) queues its job again for another:
-- hand_ons counts those, and names the job that waits (the portal's recovery looks for it).
ALTER TABLE inference_run ADD COLUMN hand_ons INT DEFAULT 0 NOT NULL;
