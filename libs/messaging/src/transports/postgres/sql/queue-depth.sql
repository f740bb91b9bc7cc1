-- A queue's backlog now: due messages and how long the oldest has waited, live claims, dead
-- letters. Each part walks one partial index; rates and latencies come from queue_stats.
-- {schema} the library's schema
-- $1 text  queue name
-- returns  one row: pending, oldest_pending_age_ms (0 when nothing is due), processing, dead_lettered
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
)
SELECT due.pending::int, due.oldest_pending_age_ms, held.processing::int, dead.dead_lettered::int
FROM due, held, dead
