-- Registers a shipment; nothing when the tenant already has this tracking number (no row returned).
-- $1 uuid     id
-- $2 text     tenant id
-- $3 text     tracking number
-- $4 text     recipient email (nullable)
-- $5 text     recipient phone, E.164 (nullable)
-- $6 text     recipient push token (nullable)
-- $7 jsonb    notify subscriptions, [{ "on", "channel" }]
-- $8 text     country code (nullable)
-- $9 text     correlation id
INSERT INTO tracking.shipments
  (id, tenant_id, tracking_number, recipient_email, recipient_phone, recipient_push_token, notify, country_code, correlation_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (tenant_id, tracking_number) DO NOTHING
RETURNING id, created_at
