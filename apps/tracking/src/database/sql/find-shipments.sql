-- The tenant's shipments among some tracking numbers (what accepting events needs of them).
-- $1 text    tenant id
-- $2 text[]  tracking numbers
SELECT id, tracking_number, correlation_id, country_code
FROM tracking.shipments
WHERE tenant_id = $1 AND tracking_number = ANY ($2::text[])
