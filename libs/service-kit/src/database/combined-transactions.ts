import { isDataError, WriteCombiner } from '@tenaz/messaging';
import type { SqlClient, SqlTransactions } from './sql-transactions';

/** What a combined transaction made of one item: its result, or the error its caller gets. */
export type ItemOutcome<R> = { result: R } | { error: unknown };

/**
 * Thrown by a combined transaction's work when one item's problem can only be told after writing
 * (an event id reused with other content, found once its insert skipped it): the transaction is
 * rolled back and every item runs again in a transaction of its own, where the work throws the
 * item's real error.
 */
export class IsolateItemsError extends Error {
  constructor(reason: string) {
    super(`a combined write must be retried one item at a time: ${reason}`);
    this.name = 'IsolateItemsError';
  }
}

/** How a {@link CombinedTransactions} flushes. */
export interface CombinedTransactionsOptions {
  /** Transactions in flight at once, each holding one pool connection. */
  maxInFlight: number;
  /** Items per transaction. */
  maxItems: number;
}

/**
 * Group commit for requests: items submitted while earlier transactions run go together in the
 * next one (the library's `WriteCombiner`), so 16 concurrent requests share one BEGIN, one write
 * per table, one COMMIT and one WAL flush instead of paying each. Each caller resolves only once
 * the transaction carrying its item committed, so an accepted request is as durable as it was
 * alone. One item's bad data never fails the others: a data error (SQLSTATE 22, 23) or an
 * {@link IsolateItemsError} makes every item run again alone; `work` reports problems it can tell
 * before writing (an unknown shipment) as that item's outcome and leaves the item out.
 */
export class CombinedTransactions<T, R> {
  private readonly combiner: WriteCombiner<T, ItemOutcome<R>>;

  constructor(
    transactions: SqlTransactions,
    work: (client: SqlClient, items: T[]) => Promise<ItemOutcome<R>[]>,
    options: CombinedTransactionsOptions,
  ) {
    this.combiner = new WriteCombiner((items) => transactions.run((client) => work(client, items)), {
      maxInFlight: options.maxInFlight,
      maxBatch: options.maxItems,
      isolateFailures: (error) => error instanceof IsolateItemsError || isDataError(error),
    });
  }

  /** Resolves with the item's result once its transaction committed; rejects with its own error. */
  async submit(item: T): Promise<R> {
    const outcome = await this.combiner.submit(item);
    if ('error' in outcome) {
      throw outcome.error;
    }
    return outcome.result;
  }
}
