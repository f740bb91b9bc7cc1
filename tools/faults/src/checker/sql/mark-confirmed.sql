-- A message published through an outbox is confirmed once its relay marked it sent.
-- $1 uuid[] ids the broker confirmed
UPDATE ledger.messages SET confirmed = true WHERE id = ANY ($1::uuid[])
