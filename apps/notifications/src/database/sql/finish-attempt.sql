-- Records how an attempt ended and the notification's resulting status in one statement (atomic,
-- one round trip). A sent attempt also stamps the notification's provider message id and sent_at.
-- Fenced by the attempt: only an attempt still 'sending' is finished. One that another delivery
-- already marked 'interrupted' (this process was frozen or partitioned past its lease, and the
-- message was taken over) changes nothing, so a late outcome never overwrites the later attempt's.
-- $1 uuid     notification id
-- $2 integer  attempt number
-- $3 text     attempt outcome: sent | failed | dead
-- $4 text     provider message id, or NULL
-- $5 text     error, or NULL
-- $6 integer  the wait the provider asked for (429 Retry-After), or NULL
-- $7 text     notification status: sent | failed | dead
-- $8 text     provider name
-- returns  one row when the attempt was still open and is now finished, none when it was fenced off
WITH attempt AS (
    UPDATE notifications.notification_attempts
    SET outcome = $3::text, provider_message_id = $4::text, error = $5::text, retry_in_ms = $6::integer, finished_at = now()
    WHERE notification_id = $1::uuid AND number = $2::integer AND outcome = 'sending'
    RETURNING number
)
UPDATE notifications.notifications
SET status = $7::text,
    provider = $8::text,
    last_error = $5::text,
    provider_message_id = CASE WHEN $3::text = 'sent' THEN $4::text ELSE provider_message_id END,
    sent_at = CASE WHEN $3::text = 'sent' THEN now() ELSE sent_at END,
    updated_at = now()
WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM attempt)
RETURNING id
