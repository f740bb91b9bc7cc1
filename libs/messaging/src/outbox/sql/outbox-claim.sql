-- Claims the next outbox rows to relay, in insertion order. A row is taken only when no earlier
-- row of its aggregate is unsent, so each aggregate reaches the broker in order (at most one row
-- per aggregate per claim). The rows stay locked until the relay's transaction marks them: other
-- relays skip them (SKIP LOCKED) and, by the same rule, every later row of their aggregates.
-- A claim is bounded by bytes as well as rows: rows are kept while the payloads before them add
-- up to less than $2 (the first row always, however big), so a cycle holds at most $2 bytes of
-- payload plus one row. Rows locked past that bound stay pending and are released at commit.
-- Run inside the relay's transaction.
-- {schema} the library's schema
-- $1 int     most rows to claim
-- $2 bigint  most payload bytes to claim (JSON text, as published)
-- returns    the claimed rows, payload as JSON text (it is published as it is)
WITH claimed AS MATERIALIZED (
    SELECT o.id, o.seq, octet_length(o.payload::text) AS bytes
    FROM {schema}.outbox AS o
    WHERE o.status = 'pending' AND o.next_attempt_at <= now()
      AND NOT EXISTS (
          SELECT 1 FROM {schema}.outbox AS earlier
          WHERE earlier.aggregateid = o.aggregateid AND earlier.seq < o.seq AND earlier.status <> 'sent')
    ORDER BY o.seq
    LIMIT $1
    FOR UPDATE SKIP LOCKED
), kept AS (
    SELECT id, seq, sum(bytes) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) - bytes AS bytes_before
    FROM claimed
)
SELECT o.id, o.aggregatetype, o.aggregateid, o.type, o.payload::text AS payload_json, o.headers, o.priority,
       o.delay_ms, o.max_retries, o.retry_delay_ms, o.correlation_id, o.tenant_id, o.country_code,
       o.created_at
FROM kept
JOIN {schema}.outbox AS o ON o.id = kept.id
WHERE kept.bytes_before < $2
ORDER BY kept.seq
