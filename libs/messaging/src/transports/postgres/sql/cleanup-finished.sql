-- Deletes one batch of finished messages older than their retention, oldest first. Called in a
-- loop by one process at a time (see try-cleanup-lock.sql) until a batch comes back short.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 text  status to clean: completed or failed
-- $3 int   retention in milliseconds
-- $4 int   batch size
-- returns  one row per message deleted
DELETE FROM {schema}.reliable_messages
WHERE id IN (
    SELECT id
    FROM {schema}.reliable_messages
    WHERE queue_name = $1 AND status = $2 AND processed_at < now() - $3 * interval '1 millisecond'
    LIMIT $4
)
RETURNING id
