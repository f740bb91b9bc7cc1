-- Records that a consumer handled a message, inside the handler's transaction. No row back means
-- the message was handled before (or is being handled now, in which case this waits for that
-- transaction and then sees its row): skip the handler and acknowledge.
-- {schema} the library's schema
-- $1 text  consumer name
-- $2 uuid  message id
-- returns  inserted: true the first time
WITH recorded AS (
    INSERT INTO {schema}.inbox (consumer_name, message_id)
    VALUES ($1, $2)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) = 1 AS inserted FROM recorded
