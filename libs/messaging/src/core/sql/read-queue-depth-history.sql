-- A queue's depth over a window ending now: the latest sample in each bucket of $3 ms, from any
-- instance. Buckets without a sample are left out.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   window in milliseconds
-- $3 int   bucket length in milliseconds
-- returns  one row per bucket, oldest first: at (bucket start), pending, processing, dead_lettered,
--          oldest_pending_age_ms
SELECT DISTINCT ON (at) at, pending, processing, dead_lettered, oldest_pending_age_ms
FROM (
    SELECT date_bin($3 * interval '1 millisecond', sampled_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS at, *
    FROM {schema}.queue_depth_samples
    WHERE queue_name = $1 AND sampled_at > now() - $2 * interval '1 millisecond'
) AS binned
ORDER BY at, sampled_at DESC
