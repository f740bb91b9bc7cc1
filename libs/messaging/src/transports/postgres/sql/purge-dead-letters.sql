-- Deletes dead letters for good.
-- {schema} the library's schema
-- $1 text    queue name
-- $2 uuid[]  ids to purge, or NULL for all of the queue's dead letters
-- returns    one row per message purged
DELETE FROM {schema}.reliable_messages
WHERE queue_name = $1 AND status = 'failed' AND ($2::uuid[] IS NULL OR id = ANY ($2::uuid[]))
RETURNING id
