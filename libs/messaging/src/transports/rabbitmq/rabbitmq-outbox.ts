import type { MessagingLogger } from '../../model/logger';
import type { OutgoingMessage, Priority } from '../../model/message';
import type { RabbitMqOptions } from '../../model/messaging-options';
import { OutboxRelay, OutboxRow, RelayOutcome } from '../../outbox/outbox-relay';
import { outboxChannelOf, OutboxWriter } from '../../outbox/outbox-writer';
import type { SqlExecutor } from '../../database/sql-executor';
import type { Database } from '../../database/database';
import { NotifyListener } from '../../database/notify-listener';
import type { Envelope } from './amqp-message';
import { ConfirmFailedError } from './confirm-failed.error';
import { headerLimitProblems } from '../../model/header-limits';

/** What the RabbitMQ side of the outbox needs. */
export interface RabbitMqOutboxDependencies {
  database: Database;
  options: RabbitMqOptions['outbox'];
  /** Publishes one message (through the delay ladder when `delayMs` > 0), resolved once confirmed. */
  send: (queue: string, envelope: Envelope, content: Buffer, delayMs: number) => Promise<void>;
  brokerReady: () => boolean;
  logger: MessagingLogger;
}

/**
 * The transactional outbox of RabbitMQ queues: writes rows (in the caller's transaction, or
 * spilled by a publish the broker could not take) and, when enabled, runs this process's relay,
 * woken by the writers' NOTIFY (sent after their commits) on its own LISTEN connection and by reconnects to the broker.
 */
export class RabbitMqOutbox {
  private readonly writer: OutboxWriter;
  private listener: NotifyListener | undefined;
  private relay: OutboxRelay | undefined;

  constructor(private readonly deps: RabbitMqOutboxDependencies) {
    this.writer = new OutboxWriter(deps.database, outboxChannelOf(deps.database.channel), deps.logger);
  }

  async start(): Promise<void> {
    if (!this.deps.options.relay) {
      return;
    }
    this.listener = new NotifyListener(
      {
        connectionString: this.deps.database.connectionString,
        channel: outboxChannelOf(this.deps.database.channel),
        applicationName: this.deps.database.applicationName,
        pingIntervalMs: 5_000,
        reconnectMinDelayMs: 100,
        reconnectMaxDelayMs: 5_000,
      },
      this.deps.logger,
    );
    await this.listener.start();
    this.relay = new OutboxRelay({
      database: this.deps.database,
      listener: this.listener,
      relay: (row) => this.relayRow(row),
      brokerReady: this.deps.brokerReady,
      options: this.deps.options,
      logger: this.deps.logger,
    });
    this.relay.start();
  }

  /** Writes in the caller's transaction; returns the ids already in the outbox. */
  write(executor: SqlExecutor, messages: readonly OutgoingMessage[]): Promise<Set<string>> {
    return this.writer.write(executor, messages);
  }

  /** Writes in a transaction of its own; returns the ids already in the outbox. */
  spill(messages: readonly OutgoingMessage[]): Promise<Set<string>> {
    return this.writer.spill(messages);
  }

  /** The broker is back: relay what waited. */
  wake(): void {
    this.relay?.wake();
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.relay?.stop();
    await this.listener?.close();
  }

  /**
   * Publishes one row; the delay it asked for runs from its creation, not from now. Only an
   * outage (not connected, blocked, no confirm in time) is waited out without counting: every
   * other failure (unroutable, nacked, a row that cannot be encoded) is the row's and counts
   * against its attempts. Rows written around the publisher's validation (by hand, by an older
   * version) are checked against the same header limits before anything is sent.
   */
  private async relayRow(row: OutboxRow): Promise<RelayOutcome> {
    const problems = headerLimitProblems(row.headers ?? {});
    if (problems.length > 0) {
      return { ok: false, error: `the row cannot be sent to RabbitMQ: ${problems.join('; ')}`, counts: true };
    }
    const createdAt = row.created_at.getTime();
    const dueAt = createdAt + Number(row.delay_ms);
    const envelope: Envelope = {
      id: row.id,
      type: row.type,
      priority: row.priority as Priority,
      correlationId: row.correlation_id,
      tenantId: row.tenant_id,
      countryCode: row.country_code,
      headers: row.headers,
      createdAt: row.created_at,
      dueAt: new Date(dueAt),
      attemptsBefore: 0,
      maxRetries: row.max_retries,
      retryDelayMs: row.retry_delay_ms,
      lastError: null,
      deadLetter: null,
    };
    try {
      await this.deps.send(row.aggregatetype, envelope, Buffer.from(row.payload_json), Math.max(0, dueAt - Date.now()));
      return { ok: true };
    } catch (error) {
      const counts = !(error instanceof ConfirmFailedError && error.brokerDown);
      return { ok: false, error: (error as Error).message, counts };
    }
  }
}
