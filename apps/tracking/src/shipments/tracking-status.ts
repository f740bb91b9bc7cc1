/** The statuses a tracking event may carry, in the order a shipment usually goes through them. */
export const TRACKING_STATUSES = ['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned'] as const;

/** One of {@link TRACKING_STATUSES}. */
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

/**
 * Tie-breaker between two events that occurred at the same instant (carriers often stamp to the
 * second): the later stage wins, so `delivered` beats `out_for_delivery` at 14:00:00 whichever
 * arrived first. `exception` and `returned` rank after `delivered`: at the same second, the
 * problem is the news. Ties beyond this go to the event id, so the outcome never depends on
 * arrival order.
 */
export const STATUS_RANK: Readonly<Record<TrackingStatus, number>> = {
  created: 0,
  picked_up: 1,
  in_transit: 2,
  out_for_delivery: 3,
  delivered: 4,
  exception: 5,
  returned: 6,
};

/** Words for a milestone in a notification: "Your shipment TN-1 is out for delivery". */
export const MILESTONE_PHRASES: Readonly<Record<TrackingStatus, string>> = {
  created: 'was registered with the carrier',
  picked_up: 'was picked up',
  in_transit: 'is in transit',
  out_for_delivery: 'is out for delivery',
  delivered: 'was delivered',
  exception: 'has a delivery exception',
  returned: 'is being returned to the sender',
};
