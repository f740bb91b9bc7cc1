-- Marks a notification dead after the queue dead-lettered its delivery message, unless it is
-- already sent or dead: attempts left 'sending' (by consumers that crashed) become 'interrupted'.
-- One statement, so atomic without an explicit transaction.
-- $1 uuid  notification id
-- $2 text  why the queue gave up (the dead letter's reason and last error)
-- $3 text  the error recorded on interrupted attempts
-- returns  channel: one row when the notification changed, none otherwise
WITH target AS (
    SELECT id FROM notifications.notifications
    WHERE id = $1::uuid AND status NOT IN ('sent', 'dead')
    FOR UPDATE
), interrupted AS (
    UPDATE notifications.notification_attempts
    SET outcome = 'interrupted', finished_at = now(), error = $3::text
    WHERE notification_id IN (SELECT id FROM target) AND outcome = 'sending'
)
UPDATE notifications.notifications
SET status = 'dead', last_error = $2::text, updated_at = now()
WHERE id IN (SELECT id FROM target)
RETURNING channel
