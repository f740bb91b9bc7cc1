-- One notification by id, as a delivery reads it (inside its inbox transaction).
-- $1 uuid  notification id
SELECT id, tenant_id, channel, recipient, subject, body, template_id, data, correlation_id,
       country_code, status, created_at
FROM notifications.notifications
WHERE id = $1
