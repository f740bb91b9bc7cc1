-- 0009: a queue's depth over time, for the dashboard's depth chart and the admin API's history.
-- Runs with search_path set to the library's schema.

-- Each instance samples the depth of every queue it knows every `depthSampleIntervalMs` (10 s)
-- and writes the samples in one statement; history reads the latest sample in each bucket, from
-- whichever instance took it. Depth is a state, not a count: samples are never summed.
CREATE TABLE queue_depth_samples (
    queue_name             varchar(100) NOT NULL,
    sampled_at             timestamptz  NOT NULL,
    instance_id            varchar(100) NOT NULL,
    pending                integer      NOT NULL,
    processing             integer      NOT NULL,
    dead_lettered          integer      NOT NULL,
    oldest_pending_age_ms  float8       NOT NULL,
    PRIMARY KEY (queue_name, sampled_at, instance_id)
);
-- Retention deletes the oldest samples first, across queues and instances.
CREATE INDEX queue_depth_samples_sampled_at_idx ON queue_depth_samples (sampled_at);
