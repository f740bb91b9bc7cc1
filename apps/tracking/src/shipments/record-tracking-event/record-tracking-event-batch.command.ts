import type { TrackingEventBatchItemDto } from './record-tracking-event-batch.dto';

/** Accept a batch of events of any of a tenant's shipments, all or none (`POST /events/batch`). */
export interface RecordTrackingEventBatchCommand {
  /** From the API key, never from the body. */
  tenantId: string;
  /** The body's events, validated by the ValidationPipe; at most `BATCH_MAX_SIZE` (checked by the use case). */
  events: TrackingEventBatchItemDto[];
}
