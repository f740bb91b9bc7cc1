-- Stores a batch of messages whose ids the library generated (random UUIDs, none of them stored
-- yet), in one statement: insert-messages.sql without what only a caller-chosen id needs. No
-- ON CONFLICT (a speculative insertion, an extra index probe per row) and no row back per message
-- (1,000 rows sent and parsed per batch for nothing: all of them are inserted). With a channel, the statement wakes the queues' consumers (delivered at commit);
-- the transport passes one under the rules of insert-messages.sql.
-- {schema} the library's schema, escaped once at load
-- $1 jsonb   array of { id, queue_name, message_type, payload, headers, priority, delay_ms,
--            max_retries, retry_delay_ms, correlation_id, tenant_id, country_code } in publish order
-- $2 text    the LISTEN/NOTIFY channel to wake, or NULL for none
-- $3 text[]  the batch's queue names, each once (the NOTIFY payloads)
-- returns    one row per queue woken
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
)
SELECT pg_notify($2, queue_name) FROM unnest($3::text[]) AS queue_name WHERE $2::text IS NOT NULL
