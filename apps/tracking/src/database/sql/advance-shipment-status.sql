-- Makes the event the shipment's current status only if it sorts after the event that set the
-- current one by (occurred_at, status rank, event id): a late older event never moves the status
-- backwards, and the result does not depend on arrival order. The row lock serialises concurrent
-- events of one shipment; READ COMMITTED re-checks the condition on the locked row.
-- $1 uuid         shipment id
-- $2 text         status
-- $3 text         event id
-- $4 timestamptz  occurred at
-- $5 smallint     status rank (tracking-status.ts STATUS_RANK)
UPDATE tracking.shipments
SET status = $2, status_event_id = $3, status_occurred_at = $4, status_rank = $5, updated_at = now()
WHERE id = $1
  AND (status_occurred_at IS NULL
       OR (status_occurred_at, status_rank, status_event_id COLLATE "C") < ($4::timestamptz, $5::smallint, $3::text COLLATE "C"))
RETURNING status
