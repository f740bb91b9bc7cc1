import { NotificationsError } from './notifications.error';

/** A batch over `BATCH_MAX_SIZE` notifications (HTTP 400). */
export class BatchTooLargeError extends NotificationsError {
  readonly code = 'BATCH_TOO_LARGE' as const;

  constructor(
    readonly size: number,
    readonly max: number,
  ) {
    super(`notifications: at most ${max} per batch, got ${size}`);
  }
}
