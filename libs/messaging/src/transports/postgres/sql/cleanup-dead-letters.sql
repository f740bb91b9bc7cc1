-- Deletes one batch of dead letters older than their retention, oldest first. Called in a loop by
-- one process at a time (see try-cleanup-lock.sql) until a batch comes back short.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   retention in milliseconds
-- $3 int   batch size
-- returns  one row per message deleted
DELETE FROM {schema}.reliable_messages
WHERE id IN (
    SELECT id
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = 'failed' AND processed_at < now() - $2 * interval '1 millisecond'
    ORDER BY processed_at
    LIMIT $3
)
RETURNING id
