-- A queue's health over a window ending now. Latency and failure figures come from messages that
-- finished in the window (completed rows are kept for the retention period) and from messages
-- waiting for a retry whose last attempt failed in the window.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   window in milliseconds
-- returns  one row of counters
WITH due AS (
    SELECT count(*) AS pending,
           coalesce(extract(epoch FROM now() - min(scheduled_for)) * 1000, 0)::float8 AS oldest_pending_age_ms
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'pending' AND scheduled_for <= now()
), held AS (
    SELECT count(*) AS processing
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'processing' AND lease_expires_at > now()
), dead AS (
    SELECT count(*) AS dead_lettered
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'failed'
), finished AS (
    SELECT coalesce(avg(extract(epoch FROM processed_at - started_at) * 1000)
                        FILTER (WHERE status = 'completed'), 0)::float8 AS avg_processing_ms,
           coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - first_due_at) * 1000)
                        FILTER (WHERE status = 'completed'), 0)::float8 AS p95_end_to_end_ms,
           coalesce(sum(attempts), 0) AS attempts,
           coalesce(sum(CASE WHEN status = 'completed' THEN attempts - 1 ELSE attempts END), 0) AS failed_attempts
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status IN ('completed', 'failed')
      AND processed_at > now() - $2 * interval '1 millisecond'
), retrying AS (
    SELECT coalesce(sum(attempts), 0) AS failed_attempts
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'pending' AND retry_count > 0
      AND last_failed_at > now() - $2 * interval '1 millisecond'
)
SELECT due.pending::int, due.oldest_pending_age_ms, held.processing::int, dead.dead_lettered::int,
       finished.avg_processing_ms, finished.p95_end_to_end_ms,
       (finished.attempts + retrying.failed_attempts)::int AS attempts,
       (finished.failed_attempts + retrying.failed_attempts)::int AS failed_attempts
FROM due, held, dead, finished, retrying
