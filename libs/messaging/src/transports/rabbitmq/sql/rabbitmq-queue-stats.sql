-- A RabbitMQ queue's settled attempts over a window ending now, summed over every instance, and
-- the messages other live instances hold (the caller adds its own live count).
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   window in milliseconds
-- $3 text  the calling instance's id (its own row is left out)
-- $4 int   milliseconds after which an instance's held count is stale (it stopped refreshing)
-- returns  one row: attempts, failed_attempts, completed, processing_ms (sum over completed),
--          end_to_end_histogram (summed counts per bucket), others_held
WITH window_rows AS (
    SELECT *
    FROM {schema}.rabbitmq_settlement_stats
    WHERE queue_name = $1 AND bucket_start > now() - $2 * interval '1 millisecond'
), totals AS (
    SELECT coalesce(sum(attempts), 0)::int AS attempts,
           coalesce(sum(failed_attempts), 0)::int AS failed_attempts,
           coalesce(sum(completed), 0)::int AS completed,
           coalesce(sum(processing_ms), 0)::float8 AS processing_ms
    FROM window_rows
), histogram AS (
    SELECT coalesce(array_agg(per_bucket.total ORDER BY per_bucket.position), '{}'::int[]) AS end_to_end_histogram
    FROM (
        SELECT h.position, sum(h.count)::int AS total
        FROM window_rows AS w, unnest(w.end_to_end_histogram) WITH ORDINALITY AS h(count, position)
        GROUP BY h.position
    ) AS per_bucket
), others AS (
    SELECT coalesce(sum(held), 0)::int AS others_held
    FROM {schema}.rabbitmq_consumers
    WHERE queue_name = $1 AND instance_id <> $3 AND updated_at > now() - $4 * interval '1 millisecond'
)
SELECT totals.*, histogram.end_to_end_histogram, others.others_held
FROM totals, histogram, others
