-- Marks handled messages completed. They stay for the retention period (health windows read them)
-- and are deleted in batches by cleanup-completed.sql.
-- {schema} the library's schema
-- $1 uuid[]  ids
-- $2 int[]   the attempt each was claimed at (a lost lease makes the ack a no-op)
-- returns    the ids acknowledged
UPDATE {schema}.reliable_messages AS m
SET status = 'completed', processed_at = now(), lease_expires_at = NULL
FROM unnest($1::uuid[], $2::int[]) AS done(id, attempts)
WHERE m.id = done.id AND m.attempts = done.attempts AND m.status = 'processing'
RETURNING m.id
