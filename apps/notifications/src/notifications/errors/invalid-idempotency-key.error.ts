import { NotificationsError } from './notifications.error';

/** An `Idempotency-Key` header that is empty, too long or not visible ASCII (HTTP 400). */
export class InvalidIdempotencyKeyError extends NotificationsError {
  readonly code = 'INVALID_IDEMPOTENCY_KEY' as const;

  constructor() {
    super('Idempotency-Key: must be 1-200 visible ASCII characters');
  }
}
