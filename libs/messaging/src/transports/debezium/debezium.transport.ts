import type { Database } from '../../database/database';
import { queryRows, SqlExecutor } from '../../database/sql-executor';
import { InvariantViolatedError, QueueNotConsumableError } from '../../model/errors';
import type { OutgoingMessage } from '../../model/message';
import type { ResolvedQueue } from '../../model/messaging-options';
import type { QueueDepth } from '../../model/queue-health';
import type { DeadLetter, Delivery, Subscription, Transport, TransportRetention } from '../../transport/transport.interface';
import { DebeziumStatements, debeziumStatements } from './debezium-statements';
import { outboxRowsParameter } from '../../outbox/outbox-rows';

/** What the Debezium transport is built from. */
export interface DebeziumTransportOptions {
  database: Database;
  retention: TransportRetention;
}

/** Nothing of a `debezium` queue waits in Tenaz: its backlog is the Kafka consumers' lag. */
const NOTHING_HELD: QueueDepth = { pending: 0, processing: 0, deadLettered: 0, oldestPendingAgeMs: 0 };

/**
 * A transport that only writes: each message becomes a row of `debezium_outbox`, in the caller's
 * transaction (`publishTransactional`) or one of the library's (`publish`), durable once that
 * commits. Debezium streams the inserts from the WAL to Kafka, routed by queue and keyed by the
 * aggregate id (deploy/debezium/tenaz-outbox.json); no relay of Tenaz runs for these queues.
 * Consuming one through Tenaz is a {@link QueueNotConsumableError}; its dead letters, retries and
 * backlog belong to the Kafka consumers, so Tenaz reports none.
 */
export class DebeziumTransport implements Transport {
  readonly name = 'debezium' as const;
  private readonly statements: DebeziumStatements;

  constructor(private readonly options: DebeziumTransportOptions) {
    this.statements = debeziumStatements(options.database.schema);
  }

  async start(queues: readonly ResolvedQueue[]): Promise<void> {
    const { retention } = this.options;
    for (const queue of queues) {
      retention.register({
        name: `${queue.name} debezium outbox`,
        statement: this.statements['debezium-outbox-cleanup'],
        parameters: [queue.name, retention.debeziumOutboxMs],
      });
    }
  }

  publish(messages: readonly OutgoingMessage[]): Promise<{ duplicates: ReadonlySet<string> }> {
    return this.options.database.withTransaction((client) => this.publishInTransaction(messages, client));
  }

  async publishInTransaction(messages: readonly OutgoingMessage[], executor: SqlExecutor): Promise<{ duplicates: ReadonlySet<string> }> {
    const rows = await queryRows<{ id: string }>(executor, this.statements['debezium-outbox-insert'], [outboxRowsParameter(messages)]);
    const inserted = new Set(rows.map((row) => row.id));
    return { duplicates: new Set(messages.filter((message) => !inserted.has(message.id)).map((message) => message.id)) };
  }

  subscribe(queue: ResolvedQueue): Promise<Subscription> {
    return Promise.reject(new QueueNotConsumableError(queue.name, this.name));
  }

  settle(delivery: Delivery): Promise<void> {
    // Nothing is ever delivered (subscribe refuses), so nothing can be settled.
    return Promise.reject(
      new InvariantViolatedError(`a delivery of ${delivery.message.queue} was settled on the debezium transport, which hands none out`),
    );
  }

  async depth(): Promise<QueueDepth> {
    return NOTHING_HELD;
  }

  async listDeadLetters(): Promise<DeadLetter[]> {
    return [];
  }

  async countDeadLetters(): Promise<number> {
    return 0;
  }

  async replayDeadLetters(): Promise<number> {
    return 0;
  }

  async purgeDeadLetters(): Promise<number> {
    return 0;
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
    // The database pool is the library's, closed by createMessaging.
  }
}
