import { MessagingError } from './messaging.error';

/** An operation on a messaging instance (or consumer) after `close()` began. */
export class MessagingClosedError extends MessagingError {
  readonly code = 'CLOSED' as const;

  constructor(what = 'messaging') {
    super(`${what} is closed`);
  }
}
