-- Records how attempts ended and their notifications' resulting status in one statement,
-- committed on its own (one round trip and one commit for the attempts that ended together). A
-- sent attempt also stamps the notification's provider message id and sent_at.
-- Fenced by the attempt: only an attempt still 'sending' is finished. One that another delivery
-- already marked 'interrupted' (this process was frozen or partitioned past its lease, and the
-- message was taken over) changes nothing, so a late outcome never overwrites the later attempt's.
-- $1 jsonb  [{ id, number, outcome, provider_message_id, error, retry_in_ms, status, provider }]:
--           notification id, attempt number, attempt outcome (sent | failed | dead), the
--           provider's message id or null, the error or null, the wait the provider asked for
--           (429 Retry-After) or null, the notification's status (sent | failed | dead), provider
-- returns  id: one row per attempt that was still open and is now finished
WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i (
        id uuid, number integer, outcome text, provider_message_id text, error text,
        retry_in_ms integer, status text, provider text)
), attempt AS (
    UPDATE notifications.notification_attempts a
    SET outcome = i.outcome, provider_message_id = i.provider_message_id, error = i.error,
        retry_in_ms = i.retry_in_ms, finished_at = now()
    FROM input i
    WHERE a.notification_id = i.id AND a.number = i.number AND a.outcome = 'sending'
    RETURNING a.notification_id
)
UPDATE notifications.notifications n
SET status = i.status,
    provider = i.provider,
    last_error = i.error,
    provider_message_id = CASE WHEN i.outcome = 'sent' THEN i.provider_message_id ELSE n.provider_message_id END,
    sent_at = CASE WHEN i.outcome = 'sent' THEN now() ELSE n.sent_at END,
    updated_at = now()
FROM input i
WHERE n.id = i.id AND i.id IN (SELECT notification_id FROM attempt)
RETURNING n.id::text AS id
