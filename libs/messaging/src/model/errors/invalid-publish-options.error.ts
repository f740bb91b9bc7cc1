import { MessagingError } from './messaging.error';

/** A publish option out of range or of the wrong type; `problems` names each one. */
export class InvalidPublishOptionsError extends MessagingError {
  readonly code = 'INVALID_PUBLISH_OPTIONS' as const;

  constructor(readonly problems: readonly string[]) {
    super(`invalid publish options: ${problems.join('; ')}`);
  }
}
