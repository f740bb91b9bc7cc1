import { NotificationsError } from './notifications.error';

/** An `Idempotency-Key` the tenant already used for a different request (HTTP 422). */
export class IdempotencyKeyReusedError extends NotificationsError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED' as const;

  constructor() {
    super('Idempotency-Key: already used for a different request; use a new key for a new request');
  }
}
