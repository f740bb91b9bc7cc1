-- Dead letters of a queue, newest first.
-- {schema} the library's schema
-- $1 text  queue name
-- $2 int   limit
-- $3 int   offset
SELECT id, queue_name, message_type, payload, headers, priority, attempts, dead_letter_reason,
       last_error, correlation_id, tenant_id, country_code, created_at, processed_at
FROM {schema}.reliable_messages
WHERE queue_name = $1 AND status = 'failed'
ORDER BY processed_at DESC, id
LIMIT $2 OFFSET $3
