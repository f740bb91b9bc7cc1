-- Parks messages as dead letters (status failed): kept with reason, last error and attempts.
-- {schema} the library's schema
-- $1 uuid[]  ids
-- $2 int[]   the attempt each was claimed at
-- $3 text[]  why each was dead-lettered
-- $4 text[]  the last error of each (NULL when the handler chose to dead-letter)
-- returns    the ids dead-lettered
UPDATE {schema}.reliable_messages AS m
SET status = 'failed',
    processed_at = now(),
    dead_letter_reason = parked.reason,
    last_error = coalesce(parked.error, m.last_error),
    last_failed_at = now(),
    lease_expires_at = NULL,
    locked_by = NULL
FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[]) AS parked(id, attempts, reason, error)
WHERE m.id = parked.id AND m.attempts = parked.attempts AND m.status = 'processing'
RETURNING m.id
