-- Shipments by (tenant, tracking number), what accepting events needs of them; requests of
-- several tenants are accepted in one transaction, each pair names its tenant.
-- $1 text[]  tenant ids
-- $2 text[]  tracking numbers, the same length: pair i is ($1[i], $2[i])
SELECT s.id, s.tenant_id, s.tracking_number, s.correlation_id, s.country_code
FROM tracking.shipments s
JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS k (tenant_id, tracking_number)
  ON s.tenant_id = k.tenant_id AND s.tracking_number = k.tracking_number
