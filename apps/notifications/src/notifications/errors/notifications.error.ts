/** Codes of the service's own errors; the exception filter maps each to an HTTP status. */
export type NotificationsErrorCode =
  'IDEMPOTENCY_KEY_REUSED' | 'INVALID_IDEMPOTENCY_KEY' | 'BATCH_TOO_LARGE' | 'NOTIFICATION_NOT_FOUND' | 'PROVIDER_UNAVAILABLE';

/** The base of the service's typed errors. */
export abstract class NotificationsError extends Error {
  abstract readonly code: NotificationsErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
