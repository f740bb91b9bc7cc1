-- Keeps held messages' leases alive. A row is matched on (id, attempts): if its lease expired
-- and another consumer claimed it, attempts moved on and this consumer no longer holds it.
-- {schema} the library's schema
-- $1 uuid[]  ids
-- $2 int[]   the attempt each was claimed at
-- $3 int     lease length in milliseconds
-- returns    the ids still held
UPDATE {schema}.reliable_messages AS m
SET lease_expires_at = now() + $3 * interval '1 millisecond'
FROM unnest($1::uuid[], $2::int[]) AS held(id, attempts)
WHERE m.id = held.id AND m.attempts = held.attempts AND m.status = 'processing'
RETURNING m.id
