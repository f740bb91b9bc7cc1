import { MessagingError } from './messaging.error';

/** A queue that is not in the configuration: never silently created or routed elsewhere. */
export class UnknownQueueError extends MessagingError {
  readonly code = 'UNKNOWN_QUEUE' as const;

  constructor(
    readonly queue: string,
    known: readonly string[],
  ) {
    super(`unknown queue "${queue}"; configured queues: ${known.join(', ') || '(none)'}`);
  }
}
