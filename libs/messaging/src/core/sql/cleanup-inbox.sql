-- Deletes one batch of inbox records older than their retention. A message redelivered after its
-- record is gone would run again, so inbox retention must outlast any redelivery (default 7 days).
-- {schema} the library's schema
-- $1 int  retention in milliseconds
-- $2 int  batch size
-- returns one row per record deleted
DELETE FROM {schema}.inbox
WHERE (consumer_name, message_id) IN (
    SELECT consumer_name, message_id
    FROM {schema}.inbox
    WHERE processed_at < now() - $1 * interval '1 millisecond'
    LIMIT $2
)
RETURNING message_id
