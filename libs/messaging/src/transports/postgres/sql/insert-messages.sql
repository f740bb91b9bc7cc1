-- Stores a batch of messages in one statement; an id that is already stored is skipped, which
-- makes publishing with a caller-chosen messageId idempotent. With a channel, the same statement
-- wakes the queues' consumers (one NOTIFY per queue, delivered at commit): a publish then costs one
-- round trip. The transport passes one only when no other insert of its own is in flight, since a
-- NOTIFY holds a database-wide lock through commit and concurrent inserts would commit one by one;
-- inside a caller's transaction it never passes one (see commit-watcher.ts).
-- {schema} the library's schema, escaped once at load
-- $1 jsonb  array of { id, queue_name, message_type, payload, headers, priority, delay_ms,
--           max_retries, retry_delay_ms, correlation_id, tenant_id, country_code } in publish order
-- $2 text   the LISTEN/NOTIFY channel to wake, or NULL for none
-- returns   one row per message actually inserted: id, and xid (the inserting transaction, so a
--           caller's transaction can be watched for its commit; see commit-watcher.ts)
WITH inserted AS (
    INSERT INTO {schema}.reliable_messages (
        id, queue_name, message_type, payload, headers, priority, scheduled_for, first_due_at,
        max_retries, retry_delay_ms, correlation_id, tenant_id, country_code)
    SELECT m.id, m.queue_name, m.message_type, m.payload, m.headers, m.priority,
           now() + m.delay_ms * interval '1 millisecond',
           now() + m.delay_ms * interval '1 millisecond',
           m.max_retries, m.retry_delay_ms, m.correlation_id, m.tenant_id, m.country_code
    FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
        id uuid, queue_name text, message_type text, payload jsonb, headers jsonb, priority int,
        delay_ms bigint, max_retries int, retry_delay_ms int, correlation_id text, tenant_id text,
        country_code text)) WITH ORDINALITY AS m(
        id, queue_name, message_type, payload, headers, priority, delay_ms, max_retries,
        retry_delay_ms, correlation_id, tenant_id, country_code, ordinality)
    ORDER BY m.ordinality
    ON CONFLICT (id) DO NOTHING
    RETURNING id, queue_name
), woken AS (
    SELECT count(*) AS queues
    FROM (SELECT pg_notify($2, queue_name) FROM (SELECT DISTINCT queue_name FROM inserted) AS distinct_queues WHERE $2::text IS NOT NULL) AS notified
)
SELECT inserted.id, pg_current_xact_id()::text AS xid
FROM inserted, woken
