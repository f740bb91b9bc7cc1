-- Stores accepted events; an event id already stored for the shipment is skipped (deduplication),
-- also within one statement: the first in $1's order is stored. Rows go in key order, so two
-- transactions storing some of the same keys (concurrent requests, each combined with others)
-- wait for each other in one direction only, never in a deadlock. Returns the keys that were new.
-- $1 jsonb  [{ shipment_id, event_id, status, location, occurred_at, source, details }]
INSERT INTO tracking.tracking_events (shipment_id, event_id, status, location, occurred_at, source, details)
SELECT e.shipment_id, e.event_id, e.status, e.location, e.occurred_at, e.source, e.details
FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (
  shipment_id uuid, event_id text, status text, location text, occurred_at timestamptz, source text, details jsonb
)) WITH ORDINALITY AS e (shipment_id, event_id, status, location, occurred_at, source, details, ordinality)
ORDER BY e.shipment_id, e.event_id COLLATE "C", e.ordinality
ON CONFLICT (shipment_id, event_id) DO NOTHING
RETURNING shipment_id, event_id
