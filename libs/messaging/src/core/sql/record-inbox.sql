-- Records that a consumer handled a message, inside the handler's transaction. No row back means
-- the message was handled before (or is being handled now, in which case this waits for that
-- transaction and then sees its row): skip the handler and acknowledge.
-- First it bounds the transaction (set_config(..., true) lasts until it ends): the server ends it
-- once it sits idle for $3 ms, and no lock wait in it lasts longer. The INSERT reads from `bounded`,
-- so the limits are in force before it can wait on another transaction's record.
-- {schema} the library's schema
-- $1 text  consumer name
-- $2 uuid  message id
-- $3 text  the queue's lease in milliseconds
-- returns  inserted: true the first time
WITH bounded AS MATERIALIZED (
    SELECT set_config('idle_in_transaction_session_timeout', $3, true),
           set_config('lock_timeout', $3, true)
), recorded AS (
    INSERT INTO {schema}.inbox (consumer_name, message_id)
    SELECT $1::varchar, $2::uuid FROM bounded
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*) = 1 AS inserted FROM recorded
