-- Reschedules failed attempts: pending again after their delay, with the error kept.
-- {schema} the library's schema
-- $1 uuid[]    ids
-- $2 int[]     the attempt each was claimed at
-- $3 bigint[]  delay of each in milliseconds
-- $4 text[]    the error of each attempt
-- returns      the ids rescheduled
UPDATE {schema}.reliable_messages AS m
SET status = 'pending',
    scheduled_for = now() + failed.delay_ms * interval '1 millisecond',
    retry_count = m.retry_count + 1,
    last_error = failed.error,
    last_failed_at = now(),
    lease_expires_at = NULL,
    locked_by = NULL
FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::text[]) AS failed(id, attempts, delay_ms, error)
WHERE m.id = failed.id AND m.attempts = failed.attempts AND m.status = 'processing'
RETURNING m.id
