-- Records failed relay attempts: each row backs off exponentially from the base delay to the cap,
-- and after the last allowed attempt it is parked as failed (with its error) for an operator.
-- Run in the transaction that claimed them.
-- {schema} the library's schema
-- $1 uuid[]  ids
-- $2 text[]  the error of each
-- $3 int     attempts allowed before a row is parked as failed
-- $4 int     base backoff in milliseconds
-- $5 int     longest backoff in milliseconds
-- returns    id, the new status and the attempts so far of each row
UPDATE {schema}.outbox AS o
SET retry_count = o.retry_count + 1,
    last_error = failed.error,
    status = CASE WHEN o.retry_count + 1 >= $3 THEN 'failed' ELSE 'pending' END,
    next_attempt_at = now() + least($5::float8, $4 * power(2, o.retry_count)) * interval '1 millisecond'
FROM unnest($1::uuid[], $2::text[]) AS failed(id, error)
WHERE o.id = failed.id AND o.status = 'pending'
RETURNING o.id, o.status, o.retry_count
