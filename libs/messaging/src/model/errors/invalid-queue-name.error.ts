import { MessagingError } from './messaging.error';

/** A queue name that could not be used safely as a PostgreSQL value, NOTIFY payload and AMQP name. */
export class InvalidQueueNameError extends MessagingError {
  readonly code = 'INVALID_QUEUE_NAME' as const;

  constructor(readonly queue: string) {
    super(
      `invalid queue name ${JSON.stringify(queue)}: use 1-63 characters, lower-case letters, digits ` +
        'and underscores, starting with a letter',
    );
  }
}
