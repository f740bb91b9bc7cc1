import { MessagingError } from './messaging.error';

/** A dead-letter selector with a malformed id, type, tenant or age; `problems` names each. */
export class InvalidSelectorError extends MessagingError {
  readonly code = 'INVALID_SELECTOR' as const;

  constructor(readonly problems: readonly string[]) {
    super(`invalid dead-letter selector: ${problems.join('; ')}`);
  }
}
