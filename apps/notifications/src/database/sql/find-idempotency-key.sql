-- The stored answer to a request with an Idempotency-Key, to replay it (or refuse another body).
-- $1 text  tenant id
-- $2 text  key
SELECT request_hash, response
FROM notifications.idempotency_keys
WHERE tenant_id = $1 AND key = $2
