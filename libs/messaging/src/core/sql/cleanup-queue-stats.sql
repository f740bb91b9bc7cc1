-- Deletes one batch of statistics older than their retention (the longest window health or the
-- dashboard asks for).
-- {schema} the library's schema
-- $1 int  retention in milliseconds
-- $2 int  batch size
-- returns one row per row deleted
DELETE FROM {schema}.queue_stats
WHERE (queue_name, bucket_start, instance_id) IN (
    SELECT queue_name, bucket_start, instance_id
    FROM {schema}.queue_stats
    WHERE bucket_start < now() - $1 * interval '1 millisecond'
    LIMIT $2
)
RETURNING 1
