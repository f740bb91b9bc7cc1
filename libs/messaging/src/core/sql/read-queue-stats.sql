-- A queue's counts over a window ending now, summed over every instance. Its cost is the rows of
-- the window (one per instance and second), never the history of the queue.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   window in milliseconds
-- returns  one row: published, attempts, failed_attempts, completed, dead_lettered, processing_ms
--          (sum over completed attempts), processing_histogram, end_to_end_histogram (summed
--          counts per bucket, '{}' when none)
WITH window_rows AS (
    SELECT *
    FROM {schema}.queue_stats
    WHERE queue_name = $1 AND bucket_start > now() - $2 * interval '1 millisecond'
), totals AS (
    SELECT coalesce(sum(published), 0)::int AS published,
           coalesce(sum(attempts), 0)::int AS attempts,
           coalesce(sum(failed_attempts), 0)::int AS failed_attempts,
           coalesce(sum(completed), 0)::int AS completed,
           coalesce(sum(dead_lettered), 0)::int AS dead_lettered,
           coalesce(sum(processing_ms), 0)::float8 AS processing_ms
    FROM window_rows
), processing AS (
    SELECT coalesce(array_agg(per_bucket.total ORDER BY per_bucket.position), '{}'::int[]) AS processing_histogram
    FROM (
        SELECT h.position, sum(h.count)::int AS total
        FROM window_rows AS w, unnest(w.processing_histogram) WITH ORDINALITY AS h(count, position)
        GROUP BY h.position
    ) AS per_bucket
), end_to_end AS (
    SELECT coalesce(array_agg(per_bucket.total ORDER BY per_bucket.position), '{}'::int[]) AS end_to_end_histogram
    FROM (
        SELECT h.position, sum(h.count)::int AS total
        FROM window_rows AS w, unnest(w.end_to_end_histogram) WITH ORDINALITY AS h(count, position)
        GROUP BY h.position
    ) AS per_bucket
)
SELECT totals.*, processing.processing_histogram, end_to_end.end_to_end_histogram
FROM totals, processing, end_to_end
