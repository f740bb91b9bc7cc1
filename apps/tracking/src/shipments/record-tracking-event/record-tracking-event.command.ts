import type { RecordTrackingEventDto } from './record-tracking-event.dto';

/** Accept one tracking event of a tenant's shipment (`POST /shipments/:trackingNumber/events`). */
export interface RecordTrackingEventCommand {
  /** From the API key, never from the body. */
  tenantId: string;
  /** From the path, checked by `TrackingNumberPipe`. */
  trackingNumber: string;
  /** The body, validated by the ValidationPipe. */
  event: RecordTrackingEventDto;
}
