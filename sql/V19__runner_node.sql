-- Version 19: the runner processes (issue #15), each registering what it has and beating a heart in
-- database time (CURRENT_TIMESTAMP, so that the portal judges them by one clock, not theirs).
CREATE TABLE runner_node (
    name           VARCHAR(63) PRIMARY KEY,
    threads        INT NOT NULL,
    gpus           VARCHAR(200) NOT NULL,
    engines        VARCHAR(200) NOT NULL,
    max_heap_bytes BIGINT NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
