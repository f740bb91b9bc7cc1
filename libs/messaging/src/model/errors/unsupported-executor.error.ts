import { MessagingError } from './messaging.error';

/** A transaction executor that answers neither like a pg client nor like a TypeORM EntityManager. */
export class UnsupportedExecutorError extends MessagingError {
  readonly code = 'UNSUPPORTED_EXECUTOR' as const;

  constructor() {
    super('the transaction executor returned neither rows nor a pg result: pass a pg client inside BEGIN or a TypeORM EntityManager');
  }
}
