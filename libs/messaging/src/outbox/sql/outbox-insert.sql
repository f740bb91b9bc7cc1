-- Writes messages bound for RabbitMQ queues into the outbox (inside the caller's transaction, or
-- the library's own when publish spills). An id already there is skipped, which keeps publishing
-- with a caller-chosen messageId idempotent. A row behind an earlier unsent row of its aggregate
-- (in the table, or earlier in this batch) is written 'waiting', out of the claim's way, and
-- promoted when that row is sent; concurrent writers that both see none both write 'pending',
-- and the claim's own check keeps them in order.
-- {schema} the library's schema
-- $1 jsonb  array of { id, queue_name, aggregate_id, message_type, payload, headers, priority,
--           delay_ms, max_retries, retry_delay_ms, correlation_id, tenant_id, country_code,
--           created_at } in publish order
-- returns   one row per message inserted: id, and xid (the inserting transaction, watched for its
--           commit before the relays are woken; see commit-watcher.ts)
INSERT INTO {schema}.outbox (
    id, aggregatetype, aggregateid, type, payload, headers, priority, delay_ms, max_retries,
    retry_delay_ms, correlation_id, tenant_id, country_code, created_at, status)
SELECT m.id, m.queue_name, m.aggregate_id, m.message_type, m.payload, m.headers, m.priority,
       m.delay_ms, m.max_retries, m.retry_delay_ms, m.correlation_id, m.tenant_id, m.country_code,
       m.created_at,
       CASE WHEN row_number() OVER (PARTITION BY m.aggregate_id ORDER BY m.ordinality) > 1
              OR EXISTS (SELECT 1 FROM {schema}.outbox AS earlier WHERE earlier.aggregateid = m.aggregate_id AND earlier.status <> 'sent')
            THEN 'waiting' ELSE 'pending' END
FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
    id uuid, queue_name text, aggregate_id text, message_type text, payload jsonb, headers jsonb,
    priority int, delay_ms bigint, max_retries int, retry_delay_ms int, correlation_id text,
    tenant_id text, country_code text, created_at timestamptz)) WITH ORDINALITY AS m(
    id, queue_name, aggregate_id, message_type, payload, headers, priority, delay_ms, max_retries,
    retry_delay_ms, correlation_id, tenant_id, country_code, created_at, ordinality)
ORDER BY m.ordinality
ON CONFLICT (id) DO NOTHING
RETURNING id, pg_current_xact_id()::text AS xid
