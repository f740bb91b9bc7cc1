-- Starts a delivery attempt in one statement (atomic without an explicit transaction, and one
-- round trip): attempts left 'sending' by a process that died become 'interrupted', the new attempt
-- is numbered after the last, and the notification turns 'sending'. Data-modifying CTEs run once
-- whether or not they are referenced.
-- $1 uuid  notification id
-- $2 text  provider name
-- $3 text  the error recorded on interrupted attempts
-- returns  number: the new attempt's number; interrupted: how many attempts were interrupted
WITH interrupted AS (
    UPDATE notifications.notification_attempts
    SET outcome = 'interrupted', finished_at = now(), error = $3::text
    WHERE notification_id = $1::uuid AND outcome = 'sending'
    RETURNING number
), attempt AS (
    INSERT INTO notifications.notification_attempts (notification_id, number, outcome, provider, started_at)
    SELECT $1::uuid, coalesce(max(number), 0) + 1, 'sending', $2::text, now()
    FROM notifications.notification_attempts
    WHERE notification_id = $1::uuid
    RETURNING number
), notification AS (
    UPDATE notifications.notifications
    SET status = 'sending', updated_at = now()
    WHERE id = $1::uuid
)
SELECT (SELECT number FROM attempt) AS number, (SELECT count(*) FROM interrupted)::int AS interrupted
