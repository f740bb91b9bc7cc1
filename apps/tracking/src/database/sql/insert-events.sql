-- Stores accepted events; an event id already stored for the shipment is skipped (deduplication),
-- also within one batch. Returns the keys that were new.
-- $1 jsonb  [{ shipment_id, event_id, status, location, occurred_at, source, details }]
INSERT INTO tracking.tracking_events (shipment_id, event_id, status, location, occurred_at, source, details)
SELECT e.shipment_id, e.event_id, e.status, e.location, e.occurred_at, e.source, e.details
FROM jsonb_to_recordset($1::jsonb) AS e (
  shipment_id uuid, event_id text, status text, location text, occurred_at timestamptz, source text, details jsonb
)
ON CONFLICT (shipment_id, event_id) DO NOTHING
RETURNING shipment_id, event_id
