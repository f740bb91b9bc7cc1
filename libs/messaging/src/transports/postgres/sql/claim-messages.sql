-- Claims up to $2 due messages of a queue, priority first, then in due order, and leases them.
-- MATERIALIZED pins the LIMIT: an inlined subquery can be re-evaluated by the planner and lock,
-- then update, more rows than asked. SKIP LOCKED lets many consumers claim side by side.
-- `<=` so that a message scheduled for now is claimable at once.
-- The claim commits asynchronously (synchronous_commit off for its own transaction only): a claim
-- lost in a database crash leaves its messages pending, as if their leases had expired, which
-- at-least-once delivery already allows; a later durable commit (an ack, a retry) flushes the
-- WAL before it, so an outcome never outlives its claim. A drain's claims and acks then wait for
-- no WAL flush: single-row statements measured 1.0-1.9 ms against 5.0-6.1 ms committed
-- synchronously on the shared server under load (300 each, alternating).
-- {schema} the library's schema
-- $1 text    queue name
-- $2 int     most rows to claim
-- $3 int     lease length in milliseconds
-- $4 text    the claiming consumer instance (for operators; leases are matched by attempts)
-- returns    the claimed messages in claim order, their times as epoch milliseconds (float8):
--            pg parses a timestamptz with a regular expression, a float8 with parseFloat, and
--            the order is PostgreSQL's to give, not a sort per batch in the consumer
WITH next AS MATERIALIZED (
    SELECT id
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'pending' AND scheduled_for <= now()
    ORDER BY priority DESC, scheduled_for, seq
    LIMIT $2
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE {schema}.reliable_messages AS m
    SET status = 'processing',
        attempts = m.attempts + 1,
        lease_expires_at = now() + $3 * interval '1 millisecond',
        locked_by = $4,
        started_at = now()
    FROM next, (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit
    WHERE m.id = next.id
    RETURNING m.id, m.message_type, m.payload, m.headers, m.priority, m.attempts, m.max_retries,
              m.retry_delay_ms, m.correlation_id, m.tenant_id, m.country_code, m.created_at,
              m.first_due_at, m.scheduled_for, m.seq
)
SELECT id, message_type, payload, headers, priority, attempts, max_retries, retry_delay_ms,
       correlation_id, tenant_id, country_code,
       (extract(epoch FROM created_at) * 1000)::float8 AS created_at_ms,
       (extract(epoch FROM first_due_at) * 1000)::float8 AS first_due_at_ms
FROM claimed
ORDER BY priority DESC, scheduled_for, seq
