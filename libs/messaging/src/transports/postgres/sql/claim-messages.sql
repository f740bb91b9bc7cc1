-- Claims up to $2 due messages of a queue, priority first, then in due order, and leases them.
-- MATERIALIZED pins the LIMIT: an inlined subquery can be re-evaluated by the planner and lock,
-- then update, more rows than asked. SKIP LOCKED lets many consumers claim side by side.
-- `<=` so that a message scheduled for now is claimable at once.
-- {schema} the library's schema
-- $1 text    queue name
-- $2 int     most rows to claim
-- $3 int     lease length in milliseconds
-- $4 text    the claiming consumer instance (for operators; leases are matched by attempts)
-- returns    the claimed messages, in no particular order
WITH next AS MATERIALIZED (
    SELECT id
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'pending' AND scheduled_for <= now()
    ORDER BY priority DESC, scheduled_for, seq
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
UPDATE {schema}.reliable_messages AS m
SET status = 'processing',
    attempts = m.attempts + 1,
    lease_expires_at = now() + $3 * interval '1 millisecond',
    locked_by = $4,
    started_at = now()
FROM next
WHERE m.id = next.id
RETURNING m.id, m.queue_name, m.message_type, m.payload, m.headers, m.priority, m.attempts,
          m.max_retries, m.retry_delay_ms, m.correlation_id, m.tenant_id, m.country_code,
          m.created_at, m.first_due_at, m.scheduled_for, m.seq
