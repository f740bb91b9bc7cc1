-- Gives back claimed messages whose handler never started (a consumer stopping with a full
-- buffer): pending again at once, and the claim does not count as an attempt.
-- {schema} the library's schema
-- $1 uuid[]  ids
-- $2 int[]   the attempt each was claimed at
-- returns    the ids released
UPDATE {schema}.reliable_messages AS m
SET status = 'pending', attempts = m.attempts - 1, lease_expires_at = NULL, locked_by = NULL
FROM unnest($1::uuid[], $2::int[]) AS given(id, attempts)
WHERE m.id = given.id AND m.attempts = given.attempts AND m.status = 'processing'
RETURNING m.id
