/** What went wrong, for callers that branch on it; each code has its own error class. */
export type StartErrorCode = 'database-unreachable' | 'embedded-postgres-failed' | 'invalid-start-options';

/**
 * The base of the start tool's errors: a message written for the person at the terminal (it is
 * printed as it is, without a stack), a `code`, and the `cause` when another error led to it.
 */
export abstract class StartError extends Error {
  abstract readonly code: StartErrorCode;

  protected constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
