-- How many dead letters of a queue the selector matches (the criteria of list-dead-letters.sql).
-- {schema} the library's schema
-- $1 text    queue name
-- $2 uuid[]  ids, or NULL
-- $3 text    message type, or NULL
-- $4 text    tenant id, or NULL
-- $5 float8  dead-lettered at least this many ms ago, or NULL
-- $6 float8  dead-lettered less than this many ms ago, or NULL
-- returns    one row: count
SELECT count(*)::int AS count
FROM {schema}.reliable_messages
WHERE queue_name = $1 AND status = 'failed'
  AND ($2::uuid[] IS NULL OR id = ANY ($2::uuid[]))
  AND ($3::text IS NULL OR message_type = $3)
  AND ($4::text IS NULL OR tenant_id = $4)
  AND ($5::float8 IS NULL OR processed_at <= now() - $5 * interval '1 millisecond')
  AND ($6::float8 IS NULL OR processed_at > now() - $6 * interval '1 millisecond')
