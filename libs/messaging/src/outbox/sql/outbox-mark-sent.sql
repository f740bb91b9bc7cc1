-- Marks outbox rows sent once the broker confirmed their messages. Run in the transaction that
-- claimed them: a relay that dies before this commits leaves them pending, and another relay
-- publishes them again with the same message ids (consumers' inboxes absorb the duplicates).
-- {schema} the library's schema
-- $1 uuid[]  ids
-- returns    the ids marked
UPDATE {schema}.outbox
SET status = 'sent', processed_at = now()
WHERE id = ANY ($1::uuid[]) AND status = 'pending'
RETURNING id
