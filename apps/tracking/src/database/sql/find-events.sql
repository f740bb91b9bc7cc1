-- Stored events by key, to tell an exact repeat (duplicate) from a different event under a used id.
-- $1 jsonb  [{ shipment_id, event_id }]
SELECT e.shipment_id, e.event_id, e.status, e.location, e.occurred_at, e.source, e.details
FROM tracking.tracking_events e
JOIN jsonb_to_recordset($1::jsonb) AS k (shipment_id uuid, event_id text)
  ON k.shipment_id = e.shipment_id AND k.event_id = e.event_id
