-- Stores one instance's depth samples of its queues, taken at one moment.
-- {schema} the library's schema
-- $1 jsonb  array of { queue_name, sampled_at, instance_id, pending, processing, dead_lettered,
--           oldest_pending_age_ms }
INSERT INTO {schema}.queue_depth_samples (
    queue_name, sampled_at, instance_id, pending, processing, dead_lettered, oldest_pending_age_ms)
SELECT r.queue_name, r.sampled_at, r.instance_id, r.pending, r.processing, r.dead_lettered, r.oldest_pending_age_ms
FROM jsonb_to_recordset($1::jsonb) AS r(
    queue_name text, sampled_at timestamptz, instance_id text, pending int, processing int,
    dead_lettered int, oldest_pending_age_ms float8)
ON CONFLICT (queue_name, sampled_at, instance_id) DO NOTHING
