-- Deletes one batch of idempotency keys older than their retention, oldest first (index
-- idempotency_keys_created_at). A repeat of a request after its key is gone is a new request.
-- $1 int  retention in milliseconds (IDEMPOTENCY_KEY_RETENTION_MS)
-- $2 int  batch size
-- returns one row per key deleted
DELETE FROM notifications.idempotency_keys
WHERE (tenant_id, key) IN (
    SELECT tenant_id, key
    FROM notifications.idempotency_keys
    WHERE created_at < now() - $1 * interval '1 millisecond'
    ORDER BY created_at
    LIMIT $2
)
RETURNING key
