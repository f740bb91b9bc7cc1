-- Deletes one batch of sent outbox rows older than their retention. Called in a loop, one process
-- at a time (see try-cleanup-lock.sql), until a batch comes back short.
-- {schema} the library's schema
-- $1 int  retention in milliseconds
-- $2 int  batch size
-- returns one row per row deleted
DELETE FROM {schema}.outbox
WHERE id IN (
    SELECT id
    FROM {schema}.outbox
    WHERE status = 'sent' AND processed_at < now() - $1 * interval '1 millisecond'
    LIMIT $2
)
RETURNING id
