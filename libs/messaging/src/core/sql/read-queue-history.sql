-- A queue's counts over a window ending now, in buckets of $3 ms (the dashboard's charts), summed
-- over every instance. Buckets without any count are left out.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   window in milliseconds
-- $3 int   bucket length in milliseconds
-- returns  one row per bucket, oldest first: at (bucket start), published, attempts, completed,
--          failed_attempts, dead_lettered, processing_ms, processing_histogram, end_to_end_histogram
WITH binned AS (
    SELECT date_bin($3 * interval '1 millisecond', bucket_start, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS at, *
    FROM {schema}.queue_stats
    WHERE queue_name = $1 AND bucket_start > now() - $2 * interval '1 millisecond'
), totals AS (
    SELECT at, sum(published)::int AS published, sum(attempts)::int AS attempts, sum(completed)::int AS completed,
           sum(failed_attempts)::int AS failed_attempts, sum(dead_lettered)::int AS dead_lettered,
           sum(processing_ms)::float8 AS processing_ms
    FROM binned
    GROUP BY at
), processing AS (
    SELECT at, array_agg(total ORDER BY position) AS processing_histogram
    FROM (
        SELECT b.at, h.position, sum(h.count)::int AS total
        FROM binned AS b, unnest(b.processing_histogram) WITH ORDINALITY AS h(count, position)
        GROUP BY b.at, h.position
    ) AS per_bucket
    GROUP BY at
), end_to_end AS (
    SELECT at, array_agg(total ORDER BY position) AS end_to_end_histogram
    FROM (
        SELECT b.at, h.position, sum(h.count)::int AS total
        FROM binned AS b, unnest(b.end_to_end_histogram) WITH ORDINALITY AS h(count, position)
        GROUP BY b.at, h.position
    ) AS per_bucket
    GROUP BY at
)
SELECT totals.*, coalesce(processing.processing_histogram, '{}'::int[]) AS processing_histogram,
       coalesce(end_to_end.end_to_end_histogram, '{}'::int[]) AS end_to_end_histogram
FROM totals
LEFT JOIN processing USING (at)
LEFT JOIN end_to_end USING (at)
ORDER BY at
