import { MessagingError } from './messaging.error';

/** `publishTransactional` called with an executor that is not inside a transaction. */
export class NotInTransactionError extends MessagingError {
  readonly code = 'NOT_IN_TRANSACTION' as const;

  constructor(detail: string) {
    super(`publishTransactional needs an open transaction: ${detail}`);
  }
}
