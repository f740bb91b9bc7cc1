import { MessagingError } from './messaging.error';

/** A payload that is not JSON PostgreSQL can store (undefined, a function, a cycle, a BigInt, a NUL character). */
export class InvalidPayloadError extends MessagingError {
  readonly code = 'INVALID_PAYLOAD' as const;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`invalid payload: ${reason}`, options);
  }
}
