-- Starts delivery attempts of several notifications in one statement, committed on its own (one
-- round trip and one commit for the deliveries that began together): for each notification,
-- attempts left 'sending' by a process that died become 'interrupted', a new attempt is numbered
-- after the last, and the notification turns 'sending'. Data-modifying CTEs run once whether or
-- not they are referenced. Each notification appears once (a repeat fails the primary key; the
-- caller then starts each on its own).
-- $1 uuid[]  notification ids
-- $2 text[]  provider names, the same length
-- $3 text    the error recorded on interrupted attempts
-- returns  id, number: the new attempt's number; interrupted: how many attempts were interrupted
WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[]) AS i (id, provider)
), interrupted AS (
    UPDATE notifications.notification_attempts
    SET outcome = 'interrupted', finished_at = now(), error = $3::text
    WHERE notification_id IN (SELECT id FROM input) AND outcome = 'sending'
    RETURNING notification_id
), attempt AS (
    INSERT INTO notifications.notification_attempts (notification_id, number, outcome, provider, started_at)
    SELECT i.id,
           coalesce((SELECT max(a.number) FROM notifications.notification_attempts a WHERE a.notification_id = i.id), 0) + 1,
           'sending', i.provider, now()
    FROM input i
    RETURNING notification_id, number
), notification AS (
    UPDATE notifications.notifications
    SET status = 'sending', updated_at = now()
    WHERE id IN (SELECT id FROM input)
)
SELECT a.notification_id::text AS id, a.number,
       (SELECT count(*) FROM interrupted x WHERE x.notification_id = a.notification_id)::int AS interrupted
FROM attempt a
