-- Accepts notifications in one statement: claims the requests' idempotency keys with their final
-- answers (the ids are chosen before), and stores the notifications of every request without a
-- key or whose key it claimed. A key another transaction holds makes this wait for it (commit:
-- not claimed here, the caller replays that answer; rollback: claimed here). Keys are claimed in
-- (tenant, key) order, so two transactions carrying the same keys never wait on each other in a
-- cycle. Each (tenant, key) appears once in $1 (the caller leaves out later repeats).
-- $1 jsonb  [{ tenant_id, key, request_hash, response }]: idempotency keys to claim
-- $2 jsonb  [{ id, tenant_id, key, channel, recipient, subject, body, template_id, data,
--           correlation_id, country_code, priority, origin, source }]: notifications; key is
--           the idempotency key of the request they belong to, or null
-- returns  one row per notification stored (id) and per key claimed (tenant_id, key)
WITH claimed AS (
    INSERT INTO notifications.idempotency_keys (tenant_id, key, request_hash, response)
    SELECT k.tenant_id, k.key, k.request_hash, k.response
    FROM jsonb_to_recordset($1::jsonb) AS k (tenant_id text, key text, request_hash text, response jsonb)
    ORDER BY k.tenant_id, k.key
    ON CONFLICT (tenant_id, key) DO NOTHING
    RETURNING tenant_id, key
), stored AS (
    INSERT INTO notifications.notifications (
        id, tenant_id, channel, recipient, subject, body, template_id, data, correlation_id,
        country_code, priority, status, origin, source)
    SELECT n.id, n.tenant_id, n.channel, n.recipient, n.subject, n.body, n.template_id, n.data,
           n.correlation_id, n.country_code, n.priority, 'queued', n.origin, n.source
    FROM jsonb_to_recordset($2::jsonb) AS n (
        id uuid, tenant_id text, key text, channel text, recipient text, subject text, body text,
        template_id text, data jsonb, correlation_id text, country_code text, priority smallint,
        origin text, source jsonb)
    WHERE n.key IS NULL OR (n.tenant_id, n.key) IN (SELECT tenant_id, key FROM claimed)
    ON CONFLICT (id) DO NOTHING
    RETURNING id
)
SELECT id::text AS id, NULL AS tenant_id, NULL AS key FROM stored
UNION ALL
SELECT NULL, tenant_id::text, key::text FROM claimed
