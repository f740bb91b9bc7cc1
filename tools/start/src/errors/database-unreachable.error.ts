import { StartError } from './start-error';

/** The configured or local PostgreSQL could not be reached or refused us. */
export class DatabaseUnreachableError extends StartError {
  override readonly name = 'DatabaseUnreachableError';
  readonly code = 'database-unreachable' as const;

  constructor(message: string, cause?: unknown) {
    super(message, cause);
  }
}
