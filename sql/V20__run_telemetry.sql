-- Version 20: where a run's time went (issue #15): busy time per stage, device, node, tiles/s and
-- km²/h, as JSON (org.rasterhub.core.run.RunTelemetry), written by the runner when the run succeeds.
ALTER TABLE inference_run ADD COLUMN telemetry_json VARCHAR(4000);
