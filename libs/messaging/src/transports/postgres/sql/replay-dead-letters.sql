-- Puts dead letters back on their queue: payload, headers, type, priority and id unchanged, due
-- now, with a fresh retry budget. The previous error stays in last_error until the next attempt.
-- {schema} the library's schema
-- $1 text    queue name
-- $2 uuid[]  ids to replay, or NULL for all of the queue's dead letters
-- returns    one row per message replayed
UPDATE {schema}.reliable_messages
SET status = 'pending', scheduled_for = now(), first_due_at = now(), processed_at = NULL,
    attempts = 0, retry_count = 0, dead_letter_reason = NULL
WHERE queue_name = $1 AND status = 'failed' AND ($2::uuid[] IS NULL OR id = ANY ($2::uuid[]))
RETURNING id
