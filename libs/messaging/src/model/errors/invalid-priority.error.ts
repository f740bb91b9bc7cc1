import { MessagingError } from './messaging.error';

/** A priority other than 0 (normal), 1 (high) or 2 (critical). */
export class InvalidPriorityError extends MessagingError {
  readonly code = 'INVALID_PRIORITY' as const;

  constructor(readonly priority: unknown) {
    super(`invalid priority ${JSON.stringify(priority) ?? String(priority)}: use 0 (normal), 1 (high) or 2 (critical)`);
  }
}
