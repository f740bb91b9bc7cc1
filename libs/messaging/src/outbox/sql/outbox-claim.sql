-- Claims the next outbox rows to relay, in insertion order. A row is taken only when no earlier
-- row of its aggregate is unsent, so each aggregate reaches the broker in order (at most one row
-- per aggregate per claim). The rows stay locked until the relay's transaction marks them: other
-- relays skip them (SKIP LOCKED) and, by the same rule, every later row of their aggregates.
-- Run inside the relay's transaction.
-- {schema} the library's schema
-- $1 int   most rows to claim
-- returns  the claimed rows, payload as JSON text (it is published as it is)
SELECT o.id, o.aggregatetype, o.type, o.payload::text AS payload_json, o.headers, o.priority,
       o.delay_ms, o.max_retries, o.retry_delay_ms, o.correlation_id, o.tenant_id, o.country_code,
       o.created_at
FROM {schema}.outbox AS o
WHERE o.status = 'pending' AND o.next_attempt_at <= now()
  AND NOT EXISTS (
      SELECT 1 FROM {schema}.outbox AS earlier
      WHERE earlier.aggregateid = o.aggregateid AND earlier.seq < o.seq AND earlier.status <> 'sent')
ORDER BY o.seq
LIMIT $1
FOR UPDATE SKIP LOCKED
