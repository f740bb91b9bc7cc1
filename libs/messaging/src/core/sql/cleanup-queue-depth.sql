-- Deletes one batch of depth samples older than their retention (the statistics' retention).
-- {schema} the library's schema
-- $1 int  retention in milliseconds
-- $2 int  batch size
-- returns one row per row deleted
DELETE FROM {schema}.queue_depth_samples
WHERE (queue_name, sampled_at, instance_id) IN (
    SELECT queue_name, sampled_at, instance_id
    FROM {schema}.queue_depth_samples
    WHERE sampled_at < now() - $1 * interval '1 millisecond'
    LIMIT $2
)
RETURNING 1
