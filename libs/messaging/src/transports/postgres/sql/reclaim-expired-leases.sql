-- Returns messages whose lease expired (their consumer died or hung) to the queue, keeping their
-- place in due order. Their attempt is already counted, so a message that crashes its consumer
-- every time still reaches its dead letter.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   most rows per call
-- returns  one row per message reclaimed
WITH expired AS MATERIALIZED (
    SELECT id
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'processing' AND lease_expires_at < now()
    ORDER BY lease_expires_at
    LIMIT $2
    FOR UPDATE SKIP LOCKED
)
UPDATE {schema}.reliable_messages AS m
SET status = 'pending',
    lease_expires_at = NULL,
    locked_by = NULL,
    last_error = 'lease expired after ' || (now() - m.started_at)::text || ' (consumer ' || coalesce(m.locked_by, '?') || ' stopped renewing it)'
FROM expired
WHERE m.id = expired.id
RETURNING m.id
