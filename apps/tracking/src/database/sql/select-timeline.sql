-- A shipment's applied events in order of occurrence; ties by status rank, then event id, the
-- same order advance-shipment-status.sql uses, so the last entry is the current status.
-- $1 uuid    shipment id
-- $2 text[]  statuses in rank order (tracking-status.ts TRACKING_STATUSES)
SELECT event_id, status, location, occurred_at, source, details, received_at, applied_at
FROM tracking.tracking_events
WHERE shipment_id = $1 AND applied_at IS NOT NULL
ORDER BY occurred_at, array_position($2::text[], status::text), event_id COLLATE "C"
