-- The outbox rows not yet sent, per destination queue: waiting for a relay (pending, or waiting
-- behind an earlier row of their aggregate), and parked as failed.
-- Reads only unsent rows, through the partial index outbox_unsent_aggregate_idx (sent rows, the bulk, stay out).
-- {schema} the library's schema
-- returns  one row per queue with unsent rows: queue_name, pending, failed, oldest_pending_age_ms
SELECT aggregatetype AS queue_name,
       (count(*) FILTER (WHERE status IN ('pending', 'waiting')))::int AS pending,
       (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status IN ('pending', 'waiting'))) * 1000, 0)::float8 AS oldest_pending_age_ms
FROM {schema}.outbox
WHERE status <> 'sent'
GROUP BY aggregatetype
ORDER BY aggregatetype
