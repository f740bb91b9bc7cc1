import type { Idempotency } from '../idempotency/idempotency-request';
import type { SendNotificationDto } from './send-notification.dto';

/** Accept one notification for a tenant (`POST /notifications`). */
export interface SendNotificationCommand {
  /** From the API key, never from the body. */
  tenantId: string;
  /** The body, validated by the ValidationPipe. */
  notification: SendNotificationDto;
  /** From the `Idempotency-Key` header, when sent. */
  idempotency?: Idempotency;
}
