import type { MessagingLogger } from '../../model/logger';
import type { OutgoingMessage } from '../../model/message';
import type { ResolvedQueue } from '../../model/messaging-options';
import type { QueueDepth } from '../../model/queue-health';
import { WriteCombiner } from './write-combiner';
import { queryRows, SqlExecutor } from '../../database/sql-executor';
import type {
  DeadLetter,
  DeadLetterSelector,
  Delivery,
  Settlement,
  SubscribeOptions,
  Subscription,
  Transport,
  TransportRetention,
} from '../../transport/transport.interface';
import { ClaimHandle, ClaimLoop } from './claim-loop';
import { CommitWatcher } from '../../database/commit-watcher';
import type { Database } from '../../database/database';
import { NotifyListener } from '../../database/notify-listener';
import { QueueNotifier } from '../../database/queue-notifier';
import { SettlementWriter } from './settlement-writer';
import { QueueStatements, queueStatements } from './queue-statements';
import { LeaseLostError, TransportUnavailableError } from '../../model/errors';
import { isDataError } from '../../database/data-error';
import { messageRowsParameter } from '../../model/message-rows';

/** What the PostgreSQL transport is built from. */
export interface PostgresTransportOptions {
  database: Database;
  instanceId: string;
  retention: TransportRetention;
  logger: MessagingLogger;
}

/**
 * Publishes from one process combine into shared INSERTs: up to this many in flight at once, each
 * carrying everything that queued up while the others ran (group commit in the application).
 */
const PUBLISH_FLUSHES_IN_FLIGHT = 4;
const PUBLISH_BATCH_LIMIT = 1_000;

/**
 * Queues in the `reliable_messages` table: claims with FOR UPDATE SKIP LOCKED, leases renewed
 * while held, LISTEN/NOTIFY to wake consumers with a polling backstop, settlements in batches.
 */
export class PostgresTransport implements Transport {
  readonly name = 'postgres' as const;
  private readonly notifier: QueueNotifier;
  private readonly commits: CommitWatcher;
  private readonly settlements: SettlementWriter;
  private readonly publishes: WriteCombiner<OutgoingMessage, boolean>;
  private readonly loops = new Set<ClaimLoop>();
  private listener: NotifyListener | undefined;
  private readonly statements: QueueStatements;

  constructor(private readonly options: PostgresTransportOptions) {
    this.statements = queueStatements(options.database.schema);
    this.notifier = new QueueNotifier(options.database, options.database.channel, options.logger);
    this.commits = new CommitWatcher(options.database, options.logger);
    this.settlements = new SettlementWriter(options.database, this.statements, this.notifier);
    this.publishes = new WriteCombiner((messages) => this.insert(messages), {
      maxInFlight: PUBLISH_FLUSHES_IN_FLIGHT,
      maxBatch: PUBLISH_BATCH_LIMIT,
      // Validation refuses what PostgreSQL cannot store; should anything slip through, it fails alone.
      isolateFailures: isDataError,
    });
  }

  async start(queues: readonly ResolvedQueue[]): Promise<void> {
    this.registerRetention(queues);
    this.listener = new NotifyListener(
      {
        connectionString: this.options.database.connectionString,
        channel: this.options.database.channel,
        applicationName: this.options.database.applicationName,
        pingIntervalMs: 5_000,
        reconnectMinDelayMs: 100,
        reconnectMaxDelayMs: 5_000,
      },
      this.options.logger,
    );
    await this.listener.start();
  }

  /** LISTEN connections made so far (1 until the first one drops). */
  get listenConnections(): number {
    return this.listener?.connections ?? 0;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<{ duplicates: ReadonlySet<string> }> {
    const inserted = await this.publishes.submitMany(messages);
    return { duplicates: new Set(messages.filter((_, index) => !inserted[index]).map((message) => message.id)) };
  }

  async publishInTransaction(messages: readonly OutgoingMessage[], executor: SqlExecutor): Promise<{ duplicates: ReadonlySet<string> }> {
    const rows = await queryRows<{ id: string; xid: string }>(executor, this.statements['insert-messages'], [
      messageRowsParameter(messages),
      null,
    ]);
    const inserted = new Set(rows.map((row) => row.id));
    if (rows.length > 0) {
      // No NOTIFY inside the caller's transaction (see commit-watcher.ts): wake consumers once it commits.
      const queues = new Set(messages.filter((message) => inserted.has(message.id)).map((message) => message.queue));
      this.commits.watch(rows[0].xid, () => this.notifier.notify(queues));
    }
    return { duplicates: new Set(messages.filter((message) => !inserted.has(message.id)).map((message) => message.id)) };
  }

  async subscribe(queue: ResolvedQueue, options: SubscribeOptions, onDelivery: (delivery: Delivery) => void): Promise<Subscription> {
    if (!this.listener) {
      throw new TransportUnavailableError('postgres', 'the transport is not started');
    }
    const loop = new ClaimLoop(
      { database: this.options.database, statements: this.statements, instanceId: this.options.instanceId, logger: this.options.logger },
      queue,
      options.prefetch,
      onDelivery,
      options.onLost,
    );
    const unsubscribe = this.listener.subscribe(queue.name, () => loop.wake());
    this.loops.add(loop);
    loop.start();
    return {
      stop: async () => {
        unsubscribe();
        await loop.stop();
        this.loops.delete(loop);
      },
    };
  }

  /**
   * Writes the outcome, fenced by the attempt it was claimed at: a row reclaimed and claimed again
   * elsewhere has moved on, so a stalled consumer's late outcome changes nothing (and one whose
   * lease lapsed locally is refused before the round trip).
   */
  async settle(delivery: Delivery, settlement: Settlement): Promise<void> {
    const handle = delivery.handle as ClaimHandle;
    const queue = delivery.message.queue;
    try {
      if (handle.loop.leaseLapsed(handle.id)) {
        throw new LeaseLostError(queue, handle.id, 'its lease lapsed before its outcome was known');
      }
      handle.loop.settlingStarted(handle.id);
      if (!(await this.settlements.settle(handle, queue, settlement))) {
        throw new LeaseLostError(queue, handle.id, 'another consumer holds it now (its lease had expired)');
      }
    } finally {
      handle.loop.forget(handle.id);
    }
  }

  async depth(queue: ResolvedQueue): Promise<QueueDepth> {
    const [row] = await this.options.database.query<{
      pending: number;
      oldest_pending_age_ms: number;
      processing: number;
      dead_lettered: number;
    }>(this.statements['queue-depth'], [queue.name]);
    return {
      pending: row.pending,
      processing: row.processing,
      deadLettered: row.dead_lettered,
      oldestPendingAgeMs: Math.round(row.oldest_pending_age_ms),
    };
  }

  async listDeadLetters(queue: string, options: { limit: number; offset: number } & DeadLetterSelector): Promise<DeadLetter[]> {
    const rows = await this.options.database.query<{
      id: string;
      queue_name: string;
      message_type: string;
      payload: unknown;
      headers: Record<string, string>;
      priority: number;
      attempts: number;
      dead_letter_reason: string;
      last_error: string | null;
      correlation_id: string | null;
      tenant_id: string | null;
      country_code: string | null;
      created_at: Date;
      processed_at: Date;
    }>(this.statements['list-dead-letters'], [queue, options.limit, options.offset, ...selectorParameters(options)]);
    return rows.map((row) => ({
      id: row.id,
      queue: row.queue_name,
      type: row.message_type,
      payload: row.payload,
      headers: row.headers,
      priority: row.priority,
      attempts: row.attempts,
      reason: row.dead_letter_reason,
      lastError: row.last_error,
      correlationId: row.correlation_id,
      tenantId: row.tenant_id,
      countryCode: row.country_code,
      createdAt: row.created_at,
      deadLetteredAt: row.processed_at,
    }));
  }

  async replayDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    const rows = await this.options.database.query(this.statements['replay-dead-letters'], [queue, ...selectorParameters(selector)]);
    if (rows.length > 0) {
      this.notifier.notify([queue]);
    }
    return rows.length;
  }

  async purgeDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    const rows = await this.options.database.query(this.statements['purge-dead-letters'], [queue, ...selectorParameters(selector)]);
    return rows.length;
  }

  async countDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    const [row] = await this.options.database.query<{ count: number }>(this.statements['count-dead-letters'], [
      queue,
      ...selectorParameters(selector),
    ]);
    return row.count;
  }

  async ping(): Promise<boolean> {
    try {
      await this.options.database.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const loop of this.loops) {
      loop.abandon();
    }
    this.loops.clear();
    this.commits.close();
    await this.notifier.idle();
    await this.listener?.close();
  }

  /** Dead letters past their retention, when it is set, are deleted (completed messages are deleted at ack). */
  private registerRetention(queues: readonly ResolvedQueue[]): void {
    const { retention } = this.options;
    if (retention.deadLetteredMs === null) {
      return;
    }
    for (const queue of queues) {
      retention.register({
        name: `${queue.name} dead letters`,
        statement: this.statements['cleanup-dead-letters'],
        parameters: [queue.name, retention.deadLetteredMs],
      });
    }
  }

  private async insert(messages: OutgoingMessage[]): Promise<boolean[]> {
    // Alone in flight and first after a quiet window: the insert wakes consumers itself, one round
    // trip. Otherwise the wake-up joins the notifier's next one, sent after the commits: concurrent
    // inserts keep committing together (see insert-messages.sql), and a loop of single publishes
    // pays one NOTIFY per coalescing window rather than one per message.
    const inline = this.publishes.inFlight === 1 && this.notifier.takeInline();
    const channel = inline ? this.options.database.channel : null;
    const queues = new Set(messages.map((message) => message.queue));
    if (!messages.some((message) => message.callerChosenId)) {
      // Generated ids only: nothing can be a duplicate, so every message is inserted.
      await this.options.database.query(this.statements['insert-new-messages'], [messageRowsParameter(messages), channel, [...queues]]);
      if (!inline) {
        this.notifier.notify(queues);
      }
      return messages.map(() => true);
    }
    const rows = await this.options.database.query<{ id: string }>(this.statements['insert-messages'], [
      messageRowsParameter(messages),
      channel,
    ]);
    const inserted = new Set(rows.map((row) => row.id));
    if (!inline) {
      this.notifier.notify(new Set(messages.filter((message) => inserted.has(message.id)).map((message) => message.queue)));
    }
    return messages.map((message) => inserted.has(message.id));
  }
}

/** A selector as the dead-letter statements take it: ids, type, tenant, older than, newer than (NULL: any). */
function selectorParameters(selector: DeadLetterSelector): unknown[] {
  return [
    selector.ids ?? null,
    selector.type ?? null,
    selector.tenantId ?? null,
    selector.olderThanMs ?? null,
    selector.newerThanMs ?? null,
  ];
}
