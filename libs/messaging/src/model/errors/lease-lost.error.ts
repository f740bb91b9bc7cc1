import { MessagingError } from './messaging.error';

/**
 * This consumer no longer holds the message: its lease lapsed (the process stalled longer than
 * `leaseMs`) and another consumer may have it, or the channel that delivered it closed. The
 * handler's `signal` aborts with it, and the outcome of the attempt is not recorded.
 */
export class LeaseLostError extends MessagingError {
  readonly code = 'LEASE_LOST' as const;

  constructor(
    readonly queue: string,
    readonly messageId: string,
    reason: string,
  ) {
    super(`queue ${queue}, message ${messageId}: ${reason}; its outcome here is not recorded`);
  }
}
