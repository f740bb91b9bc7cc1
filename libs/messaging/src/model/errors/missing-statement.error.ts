import { MessagingError } from './messaging.error';

/** A SQL statement the library needs is not where its build should have put it: a broken install. */
export class MissingStatementError extends MessagingError {
  readonly code = 'MISSING_STATEMENT' as const;

  constructor(
    readonly statement: string,
    dir: string,
  ) {
    super(`the statement ${statement}.sql is missing from ${dir}: the package was built or installed without its .sql files`);
  }
}
