import type { MessagingLogger } from '../model/logger';
import type { OutgoingMessage } from '../model/message';
import { queryRows, SqlExecutor } from '../database/sql-executor';
import { CommitWatcher } from '../database/commit-watcher';
import type { Database } from '../database/database';
import { QueueNotifier } from '../database/queue-notifier';
import { OutboxStatements, outboxStatements } from './outbox-statements';
import { outboxRowsParameter } from './outbox-rows';

/** The NOTIFY payload that wakes outbox relays. */
export const OUTBOX_WAKE_PAYLOAD = 'outbox';

/** The LISTEN/NOTIFY channel of a schema's outbox relays, beside the schema's queue channel. */
export function outboxChannelOf(schemaChannel: string): string {
  return `${schemaChannel}.outbox`;
}

/**
 * Writes messages bound for RabbitMQ queues into the outbox table: inside the caller's
 * transaction (`publishTransactional`), so they commit or roll back with the caller's own writes,
 * or in a transaction of the library's (a publish spilled while RabbitMQ is down). The relays are
 * woken by a NOTIFY sent after the commit, from the library's own connection: a NOTIFY inside the
 * caller's transaction would make every publishing transaction commit one at a time (see
 * commit-watcher.ts). A lost wake-up delays a row by at most the relays' polling interval.
 */
export class OutboxWriter {
  private readonly commits: CommitWatcher;
  private readonly relays: QueueNotifier;
  private readonly statements: OutboxStatements;

  constructor(
    private readonly database: Database,
    /** The LISTEN/NOTIFY channel of this schema's outbox relays. */
    channel: string,
    logger: MessagingLogger,
  ) {
    this.statements = outboxStatements(database.schema);
    this.commits = new CommitWatcher(database, logger);
    this.relays = new QueueNotifier(database, channel, logger);
  }

  /** Inserts in the caller's open transaction; the relays hear of it once it commits. Returns the ids already in the outbox. */
  async write(executor: SqlExecutor, messages: readonly OutgoingMessage[]): Promise<Set<string>> {
    const rows = await this.insert(executor, messages);
    if (rows.length > 0) {
      this.commits.watch(rows[0].xid, () => this.relays.notify([OUTBOX_WAKE_PAYLOAD]));
    }
    return duplicatesOf(messages, rows);
  }

  /** Inserts in a transaction of its own (durable once this resolves). Returns the ids already there. */
  async spill(messages: readonly OutgoingMessage[]): Promise<Set<string>> {
    const rows = await this.database.withTransaction((client) => this.insert(client, messages));
    if (rows.length > 0) {
      this.relays.notify([OUTBOX_WAKE_PAYLOAD]);
    }
    return duplicatesOf(messages, rows);
  }

  /** Stops watching transactions and waits for a wake-up in flight. */
  async close(): Promise<void> {
    this.commits.close();
    await this.relays.idle();
  }

  private insert(executor: SqlExecutor, messages: readonly OutgoingMessage[]): Promise<{ id: string; xid: string }[]> {
    return queryRows<{ id: string; xid: string }>(executor, this.statements['outbox-insert'], [outboxRowsParameter(messages)]);
  }
}

function duplicatesOf(messages: readonly OutgoingMessage[], inserted: readonly { id: string }[]): Set<string> {
  const ids = new Set(inserted.map((row) => row.id));
  return new Set(messages.filter((message) => !ids.has(message.id)).map((message) => message.id));
}
