-- The selected dead letters of a queue, newest first. A NULL criterion matches everything.
-- {schema} the library's schema
-- $1 text    queue name
-- $2 int     limit
-- $3 int     offset
-- $4 uuid[]  ids, or NULL
-- $5 text    message type, or NULL
-- $6 text    tenant id, or NULL
-- $7 float8  dead-lettered at least this many ms ago, or NULL
-- $8 float8  dead-lettered less than this many ms ago, or NULL
SELECT id, queue_name, message_type, payload, headers, priority, attempts, dead_letter_reason,
       last_error, correlation_id, tenant_id, country_code, created_at, processed_at
FROM {schema}.reliable_messages
WHERE queue_name = $1 AND status = 'failed'
  AND ($4::uuid[] IS NULL OR id = ANY ($4::uuid[]))
  AND ($5::text IS NULL OR message_type = $5)
  AND ($6::text IS NULL OR tenant_id = $6)
  AND ($7::float8 IS NULL OR processed_at <= now() - $7 * interval '1 millisecond')
  AND ($8::float8 IS NULL OR processed_at > now() - $8 * interval '1 millisecond')
ORDER BY processed_at DESC, id
LIMIT $2 OFFSET $3
