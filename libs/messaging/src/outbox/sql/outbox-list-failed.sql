-- Outbox rows parked as failed, newest first.
-- {schema} the library's schema
-- $1 int  limit
-- $2 int  offset
SELECT id, aggregatetype AS queue_name, aggregateid, type, retry_count, last_error, created_at, next_attempt_at
FROM {schema}.outbox
WHERE status = 'failed'
ORDER BY seq DESC
LIMIT $1 OFFSET $2
