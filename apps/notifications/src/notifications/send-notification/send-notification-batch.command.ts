import type { Idempotency } from '../idempotency/idempotency-request';
import type { SendNotificationDto } from './send-notification.dto';

/** Accept a batch of notifications for a tenant, all or none (`POST /notifications/batch`). */
export interface SendNotificationBatchCommand {
  /** From the API key, never from the body. */
  tenantId: string;
  /** The body's notifications, validated by the ValidationPipe; at most `BATCH_MAX_SIZE` (checked by the use case). */
  notifications: SendNotificationDto[];
  /** From the `Idempotency-Key` header, when sent. */
  idempotency?: Idempotency;
}
