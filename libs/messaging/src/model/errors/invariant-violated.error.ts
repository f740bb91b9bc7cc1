import { MessagingError } from './messaging.error';

/** Something the types rule out happened anyway (a value from a newer version, a cast gone wrong): a bug. */
export class InvariantViolatedError extends MessagingError {
  readonly code = 'INVARIANT_VIOLATED' as const;

  constructor(description: string) {
    super(`invariant violated: ${description}`);
  }
}
