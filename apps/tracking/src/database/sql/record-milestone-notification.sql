-- Records that a milestone's notification was requested; no row when it already was, so each
-- (shipment, milestone, channel) is requested once however many events reach the milestone.
-- $1 uuid  shipment id
-- $2 text  milestone (a tracking status)
-- $3 text  channel
-- $4 text  event id that reached it
-- $5 uuid  the notification.requested message id
INSERT INTO tracking.milestone_notifications (shipment_id, milestone, channel, event_id, message_id)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (shipment_id, milestone, channel) DO NOTHING
RETURNING requested_at
