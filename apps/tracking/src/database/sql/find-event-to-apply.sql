-- One stored event with what the projection needs of its shipment.
-- $1 text  tenant id
-- $2 text  tracking number
-- $3 text  event id
SELECT s.id AS shipment_id, s.notify, s.recipient_email, s.recipient_phone, s.recipient_push_token,
       s.country_code, s.correlation_id,
       e.event_id, e.status, e.location, e.occurred_at, e.received_at, e.applied_at
FROM tracking.shipments s
JOIN tracking.tracking_events e ON e.shipment_id = s.id
WHERE s.tenant_id = $1 AND s.tracking_number = $2 AND e.event_id = $3
