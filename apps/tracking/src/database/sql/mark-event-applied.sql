-- Puts an event in the timeline; no row when it already was (an earlier delivery applied it).
-- $1 uuid  shipment id
-- $2 text  event id
UPDATE tracking.tracking_events
SET applied_at = now()
WHERE shipment_id = $1 AND event_id = $2 AND applied_at IS NULL
RETURNING received_at, applied_at
