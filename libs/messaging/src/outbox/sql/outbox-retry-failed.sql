-- Gives failed outbox rows a fresh set of relay attempts, due now.
-- {schema} the library's schema
-- $1 uuid[]  ids to retry, or NULL for every failed row
-- returns    one row per row retried
UPDATE {schema}.outbox
SET status = 'pending', retry_count = 0, next_attempt_at = now()
WHERE status = 'failed' AND ($1::uuid[] IS NULL OR id = ANY ($1::uuid[]))
RETURNING id
