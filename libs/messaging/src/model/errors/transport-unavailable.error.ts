import { MessagingError } from './messaging.error';

/** A transport that cannot be reached (connection refused, broker down) for an operation other than publish. */
export class TransportUnavailableError extends MessagingError {
  readonly code = 'TRANSPORT_UNAVAILABLE' as const;

  constructor(
    readonly transport: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${transport} transport unavailable: ${reason}`, options);
  }
}
