import { MessagingError } from './messaging.error';

/** A Nest microservices pattern that is not the name of a queue (an object pattern, for instance). */
export class InvalidPatternError extends MessagingError {
  readonly code = 'INVALID_PATTERN' as const;

  constructor(readonly pattern: string) {
    super(
      `pattern ${pattern} is not a queue name: over Tenaz, @EventPattern and emit() name the queue, e.g. @EventPattern('notifications')`,
    );
  }
}
