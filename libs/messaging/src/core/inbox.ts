import type { ProcessResult } from '../model/message';
import type { Database } from '../database/database';
import type { RetentionTask } from '../database/retention-cleaner';
import { InboxStatements, inboxStatements } from './inbox-statements';
import { queryRows, SqlExecutor } from '../database/sql-executor';

/** Makes a consumer idempotent: effects in the same database happen once per message. */
export interface InboxOptions<TTransaction = unknown> {
  /** The consumer's name in the inbox: one record per (name, message id). 1-100 characters. */
  name: string;
  /**
   * Runs `work` in a transaction of the caller's choosing, so the handler's own writes share it,
   * e.g. `(work) => dataSource.transaction(work)` with TypeORM. By default a pg transaction on the
   * library's pool is used and handed to the handler as `context.transaction`.
   */
  transaction?: (work: (transaction: TTransaction) => Promise<unknown>) => Promise<unknown>;
}

/** The outcome of an attempt run through the inbox. */
export type InboxOutcome = { duplicate: true } | { duplicate: false; result: ProcessResult };

/**
 * The inbox's own work failed before the handler started (the transaction could not begin, or the
 * record could not be written): the attempt never ran, so it is not the message's to pay for.
 */
export class InboxNotStartedError extends Error {
  override readonly name = 'InboxNotStartedError';
  constructor(cause: unknown) {
    super(`the inbox transaction failed before the handler started: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** How long a probe of the inbox's database may take before it counts as unreachable. */
const PROBE_TIMEOUT_MS = 2_000;

/** Carries a non-ack result out of the transaction callback so the transaction rolls back. */
class RollBack {
  constructor(readonly result: ProcessResult) {}
}

/**
 * Runs handlers inside a transaction that also records (consumer, message id). A message already
 * recorded is a redelivery: the handler is skipped and the message acknowledged. The record
 * commits only with an ack: a retry or dead letter rolls back the handler's writes and the record
 * together. A second delivery racing the first waits on the first one's uncommitted record.
 */
export class Inbox {
  private readonly statements: InboxStatements;

  constructor(private readonly database: Database) {
    this.statements = inboxStatements(database.schema);
  }

  /** Inbox records older than `retentionMs` are deleted: a redelivery after that would run again. */
  static retentionTask(database: Database, retentionMs: number): RetentionTask {
    return { name: 'inbox', statement: inboxStatements(database.schema)['cleanup-inbox'], parameters: [retentionMs] };
  }

  /**
   * The transaction is bounded by the queue's lease: the server ends it once it has sat idle for
   * `leaseMs` (`idle_in_transaction_session_timeout`), and none of its lock waits lasts longer
   * (`lock_timeout`). A consumer frozen in a handler (SIGSTOP, a paused VM, a partition) keeps its
   * locks only until then, so the consumer that takes the message over when the lease lapses never
   * waits on them for longer than the lease; the frozen one's commit fails when it wakes.
   */
  async run<TTransaction>(
    options: InboxOptions<TTransaction>,
    messageId: string,
    limits: { leaseMs: number },
    handle: (transaction: TTransaction) => Promise<ProcessResult>,
  ): Promise<InboxOutcome> {
    const inTransaction =
      options.transaction ??
      ((work: (transaction: TTransaction) => Promise<unknown>) =>
        this.database.withTransaction((client) => work(client as unknown as TTransaction)));
    let started = false;
    try {
      return (await inTransaction(async (transaction) => {
        const [row] = await queryRows<{ inserted: boolean }>(transaction as unknown as SqlExecutor, this.statements['record-inbox'], [
          options.name,
          messageId,
          String(limits.leaseMs),
        ]);
        if (!row.inserted) {
          return { duplicate: true };
        }
        started = true;
        const result = await handle(transaction);
        if (result !== undefined && result !== 'ack') {
          throw new RollBack(result);
        }
        return { duplicate: false, result };
      })) as InboxOutcome;
    } catch (error) {
      if (error instanceof RollBack) {
        return { duplicate: false, result: error.result };
      }
      throw started ? error : new InboxNotStartedError(error);
    }
  }

  /**
   * Whether the inbox's database answers now (a trivial query within 2 s). Asked after an attempt
   * failed: while the database is down, a failure is the store's, and its transaction rolled back.
   */
  async reachable(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([
        this.database.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
