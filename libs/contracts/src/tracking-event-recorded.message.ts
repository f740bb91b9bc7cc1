import { z } from 'zod';

/**
 * Message type on queue `track_trace`: a tracking event was stored; apply it to the shipment's
 * projection (timeline, current status) and raise the milestones its recipient subscribed to.
 */
export const TRACKING_EVENT_RECORDED = 'tracking.event.recorded' as const;

export const trackingEventRecordedSchema = z
  .object({
    tenantId: z.string().min(1).max(50),
    trackingNumber: z.string().min(1).max(64),
    eventId: z.string().min(1).max(100),
  })
  .strict();

export type TrackingEventRecorded = z.infer<typeof trackingEventRecordedSchema>;
