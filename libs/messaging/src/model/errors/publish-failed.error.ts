import { MessagingError } from './messaging.error';

/** A publish that did not become durable; the message was not stored. */
export class PublishFailedError extends MessagingError {
  readonly code = 'PUBLISH_FAILED' as const;

  constructor(
    readonly queue: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`publish to "${queue}" failed: ${reason}`, options);
  }
}
