import { MessagingError } from './messaging.error';

/** Why a handler's `signal` aborts when its consumer stops and the drain timeout has passed. */
export class ConsumerStoppedError extends MessagingError {
  readonly code = 'CONSUMER_STOPPED' as const;

  constructor(readonly queue: string) {
    super(`the consumer of queue ${queue} stopped before this handler finished; its message will be redelivered`);
  }
}
