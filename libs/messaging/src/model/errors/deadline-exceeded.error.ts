import { MessagingError } from './messaging.error';

/** A wait that has a deadline ran past it: a connection, a broker or a database that does not answer. */
export class DeadlineExceededError extends MessagingError {
  readonly code = 'DEADLINE_EXCEEDED' as const;

  constructor(
    readonly operation: string,
    readonly deadlineMs: number,
  ) {
    super(`${operation}: no answer within ${deadlineMs} ms`);
  }
}
