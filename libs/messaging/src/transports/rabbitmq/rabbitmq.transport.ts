import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { TransportUnavailableError } from '../../core/errors';
import type { MessagingLogger } from '../../core/logger';
import { OutgoingMessage, PRIORITIES, Priority } from '../../core/message';
import type { RabbitMqOptions, ResolvedQueue } from '../../core/messaging-options';
import { OutboxRelay, OutboxRow, RelayOutcome } from '../../outbox/outbox-relay';
import { outboxChannelOf, OutboxWriter } from '../../outbox/outbox-writer';
import type { SqlExecutor } from '../../transport/sql-executor';
import type {
  DeadLetter,
  DeadLetterSelector,
  Delivery,
  Settlement,
  SubscribeOptions,
  Subscription,
  Transport,
  TransportQueueStats,
} from '../../transport/transport.interface';
import type { Database } from '../postgres/database';
import { NotifyListener } from '../postgres/notify-listener';
import type { Statements } from '../postgres/sql-statements';
import { AmqpConnection } from './amqp-connection';
import { Envelope, envelopeOf, publishOptions } from './amqp-message';
import { ConfirmFailedError } from './confirm-failed.error';
import { ConfirmPublisher } from './confirm-publisher';
import { DeadLetterBrowser } from './dead-letter-browser';
import { ladderRoute } from './delay-ladder';
import { ManagedChannel } from './managed-channel';
import { PrioritySubscription, RabbitMqDeliveryHandle } from './priority-subscription';
import { RabbitMqStats } from './rabbitmq-stats';
import { settleOnBroker } from './settle-on-broker';
import { declareDelayLadder, declareWorkQueue, delayLevelName, deadLetterName, ladderDestination, workQueueName } from './topology';

/** What the RabbitMQ transport is built from. */
export interface RabbitMqTransportOptions {
  rabbitmq: RabbitMqOptions;
  database: Database;
  statements: Statements;
  schema: string;
  connectionString: string;
  /** The LISTEN/NOTIFY channel of this schema; the outbox relays listen on `<channel>.outbox`. */
  channel: string;
  applicationName: string;
  instanceId: string;
  healthWindowMs: number;
  logger: MessagingLogger;
}

/** Settled-attempt statistics are kept an hour: health windows up to that long are exact. */
const SETTLEMENT_STATS_RETENTION_MS = 60 * 60_000;
/** Enqueue counts are kept a day: a backlog older than that reports the age of the oldest count. */
const ENQUEUE_STATS_RETENTION_MS = 24 * 60 * 60_000;

/**
 * Queues on RabbitMQ (see topology.ts): publishes on a confirm channel of their own connection
 * (persistent, mandatory, many in flight), consumers on a second connection (so that a publisher
 * blocked by a resource alarm never stalls acks), both re-established with backoff after any
 * loss, topology, confirms, qos and consumers included. Retries travel through the delay ladder,
 * dead letters through each queue's dead-letter exchange. Transactional publishes and, when
 * configured, publishes that find RabbitMQ down go to the PostgreSQL outbox, drained by relays.
 */
export class RabbitMqTransport implements Transport {
  readonly name = 'rabbitmq' as const;
  private readonly publishConnection: AmqpConnection;
  private readonly consumeConnection: AmqpConnection;
  private readonly publisher: ConfirmPublisher;
  private readonly admin: ManagedChannel<Channel>;
  private readonly statistics: RabbitMqStats;
  private readonly deadLetters: DeadLetterBrowser;
  private readonly outbox: OutboxWriter;
  private readonly subscriptions = new Set<PrioritySubscription>();
  private readonly queues = new Map<string, ResolvedQueue>();
  private listener: NotifyListener | undefined;
  private relay: OutboxRelay | undefined;

  constructor(private readonly options: RabbitMqTransportOptions) {
    const { rabbitmq, logger } = options;
    const connection = (role: string) =>
      new AmqpConnection(
        {
          url: rabbitmq.url,
          name: `${options.applicationName}:${role}`,
          heartbeatSeconds: rabbitmq.heartbeatSeconds,
          connectTimeoutMs: rabbitmq.connectTimeoutMs,
          reconnectMinDelayMs: rabbitmq.reconnect.minDelayMs,
          reconnectMaxDelayMs: rabbitmq.reconnect.maxDelayMs,
        },
        logger,
      );
    this.publishConnection = connection('publish');
    this.consumeConnection = connection('consume');
    this.publisher = new ConfirmPublisher(this.publishConnection, { name: 'publish', confirmTimeoutMs: rabbitmq.confirmTimeoutMs }, logger);
    this.admin = new ManagedChannel<Channel>(this.publishConnection, { name: 'admin', confirm: false, setup: async () => undefined }, logger);
    this.statistics = new RabbitMqStats(
      options.database,
      options.statements,
      options.schema,
      {
        instanceId: options.instanceId,
        flushIntervalMs: rabbitmq.statsFlushIntervalMs,
        settlementRetentionMs: Math.max(SETTLEMENT_STATS_RETENTION_MS, options.healthWindowMs),
        enqueueRetentionMs: ENQUEUE_STATS_RETENTION_MS,
      },
      logger,
    );
    this.deadLetters = new DeadLetterBrowser({
      connection: this.publishConnection,
      replay: (queue, envelope, content) => this.send(queue.name, envelope, content, 0),
      logger,
    });
    this.outbox = new OutboxWriter(options.database, options.statements, this.outboxChannel);
  }

  private get outboxChannel(): string {
    return outboxChannelOf(this.options.channel);
  }

  async start(queues: readonly ResolvedQueue[]): Promise<void> {
    queues.forEach((queue) => this.queues.set(queue.name, queue));
    // Topology first on every connection, so channels opened after it find their queues.
    this.publishConnection.onConnect((model) => this.declareTopology(model));
    this.publishConnection.onConnect(async () => this.relay?.wake());
    await this.publishConnection.start();
    await this.publisher.start();
    await this.admin.start();
    await this.deadLetters.start();
    await this.consumeConnection.start();
    this.statistics.start();
    if (this.options.rabbitmq.outbox.relay) {
      await this.startRelay();
    }
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<{ duplicates: ReadonlySet<string> }> {
    const outcomes = await Promise.allSettled(messages.map((message) => this.send(message.queue, envelopeOf(message), Buffer.from(message.payloadJson), message.delayMs)));
    const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [{ message: messages[index], error: outcome.reason as Error }] : []));
    if (failures.length === 0) {
      return { duplicates: new Set() };
    }
    const spillable = failures.every((failure) => failure.error instanceof ConfirmFailedError && failure.error.brokerUnavailable);
    if (this.options.rabbitmq.spillToOutbox && spillable) {
      this.options.logger.warn({ count: failures.length, err: failures[0].error.message }, 'RabbitMQ did not take these messages; spilled them to the outbox');
      return { duplicates: await this.outbox.spill(failures.map((failure) => failure.message)) };
    }
    // Confirmed ones are stored: a caller retrying the batch with the same ids is safe with an inbox.
    throw failures[0].error;
  }

  async publishInTransaction(messages: readonly OutgoingMessage[], executor: SqlExecutor): Promise<{ duplicates: ReadonlySet<string> }> {
    return { duplicates: await this.outbox.write(executor, messages) };
  }

  async subscribe(queue: ResolvedQueue, options: SubscribeOptions, onDelivery: (delivery: Delivery) => void): Promise<Subscription> {
    const subscription = new PrioritySubscription({
      connection: this.consumeConnection,
      queue,
      prefetch: options.prefetch,
      priorityCheckMs: this.options.rabbitmq.priorityCheckMs,
      onDelivery,
      deadLetterUndecodable: (raw, priority, reason) => this.parkUndecodable(queue.name, raw, priority, reason),
      onHeld: (delta) => this.statistics.recordHeld(queue.name, delta),
      logger: this.options.logger,
    });
    this.subscriptions.add(subscription);
    await subscription.start();
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async settle(delivery: Delivery, settlement: Settlement): Promise<void> {
    const handle = delivery.handle as RabbitMqDeliveryHandle;
    await settleOnBroker(
      handle,
      settlement,
      (envelope, delayMs) => this.send(delivery.message.queue, envelope, handle.raw.content, delayMs),
      (envelope) => this.publisher.publish(deadLetterName(delivery.message.queue), '', handle.raw.content, publishOptions(envelope)),
      this.options.rabbitmq.holdRetriesUpToMs,
    );
    this.statistics.recordSettled(delivery.message.queue, settlement.kind, Date.now() - handle.handedAt, Date.now() - delivery.dueAt.getTime());
  }

  async stats(queue: ResolvedQueue, windowMs: number): Promise<TransportQueueStats> {
    const channel = this.admin.current;
    if (!channel) {
      throw new TransportUnavailableError('rabbitmq', 'not connected to RabbitMQ');
    }
    // Held first, depths next, settled counts last: a message moving between them is seen at least once.
    const heldBefore = this.statistics.heldNow(queue.name);
    const ready = { 0: 0, 1: 0, 2: 0 } as Record<Priority, number>;
    for (const priority of PRIORITIES) {
      ready[priority] = (await channel.checkQueue(workQueueName(queue.name, priority))).messageCount;
    }
    const deadLettered = (await channel.checkQueue(deadLetterName(queue.name))).messageCount;
    const [recorded, oldestPendingAgeMs] = await Promise.all([this.statistics.read(queue.name, windowMs, heldBefore), this.statistics.oldestPendingAgeMs(queue.name, ready)]);
    return { pending: ready[0] + ready[1] + ready[2], deadLettered, oldestPendingAgeMs, ...recorded };
  }

  listDeadLetters(queue: string, options: { limit: number; offset: number }): Promise<DeadLetter[]> {
    return this.deadLetters.list(this.queueNamed(queue), options);
  }

  replayDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    return this.deadLetters.replay(this.queueNamed(queue), selector);
  }

  purgeDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    return this.deadLetters.purge(this.queueNamed(queue), selector);
  }

  async ping(): Promise<boolean> {
    return this.publisher.ready && this.consumeConnection.current !== undefined;
  }

  async close(): Promise<void> {
    await this.relay?.stop();
    await this.listener?.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.subscriptions.clear();
    await this.statistics.close();
    await this.publisher.close();
    await this.admin.close();
    await this.deadLetters.close();
    await Promise.all([this.publishConnection.close(), this.consumeConnection.close()]);
  }

  /**
   * Publishes one message to its work queue, or through the delay ladder when it is due in
   * `delayMs`, and counts it (by due time) once confirmed.
   */
  private async send(queue: string, envelope: Envelope, content: Buffer, delayMs: number): Promise<void> {
    const options = publishOptions(envelope);
    let dueAt = Date.now();
    if (delayMs > 0) {
      const route = ladderRoute(delayMs, ladderDestination(queue, envelope.priority));
      dueAt += route.delayMs;
      await this.publisher.publish(delayLevelName(route.level), route.routingKey, content, options);
    } else {
      await this.publisher.publish('', workQueueName(queue, envelope.priority), content, options);
    }
    this.statistics.recordEnqueued(queue, envelope.priority, dueAt);
  }

  private async declareTopology(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    try {
      await declareDelayLadder(channel);
      for (const queue of this.queues.keys()) {
        await declareWorkQueue(channel, queue);
      }
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  private async startRelay(): Promise<void> {
    this.listener = new NotifyListener(
      {
        connectionString: this.options.connectionString,
        channel: this.outboxChannel,
        applicationName: this.options.applicationName,
        pingIntervalMs: 5_000,
        reconnectMinDelayMs: 100,
        reconnectMaxDelayMs: 5_000,
      },
      this.options.logger,
    );
    await this.listener.start();
    this.relay = new OutboxRelay({
      database: this.options.database,
      statements: this.options.statements,
      schema: this.options.schema,
      listener: this.listener,
      relay: (row) => this.relayRow(row),
      brokerReady: () => this.publisher.ready,
      options: this.options.rabbitmq.outbox,
      logger: this.options.logger,
    });
    this.relay.start();
  }

  /** Publishes one outbox row: the delay it asked for runs from its creation, not from now. */
  private async relayRow(row: OutboxRow): Promise<RelayOutcome> {
    const createdAt = row.created_at.getTime();
    const delayMs = Number(row.delay_ms);
    const envelope: Envelope = {
      id: row.id,
      type: row.type,
      priority: row.priority as Priority,
      correlationId: row.correlation_id,
      tenantId: row.tenant_id,
      countryCode: row.country_code,
      headers: row.headers,
      createdAt: row.created_at,
      dueAt: new Date(createdAt + delayMs),
      attemptsBefore: 0,
      maxRetries: row.max_retries,
      retryDelayMs: row.retry_delay_ms,
      lastError: null,
      deadLetter: null,
    };
    try {
      await this.send(row.aggregatetype, envelope, Buffer.from(row.payload_json), Math.max(0, createdAt + delayMs - Date.now()));
      return { ok: true };
    } catch (error) {
      const failure = error as ConfirmFailedError;
      // Only the broker's own refusals count against a row; an outage is waited out.
      return { ok: false, error: failure.message, counts: failure instanceof ConfirmFailedError && !['unavailable', 'timeout'].includes(failure.failure) };
    }
  }

  private async parkUndecodable(queue: string, raw: ConsumeMessage, priority: Priority, reason: string): Promise<void> {
    const headers = { ...(raw.properties.headers ?? {}), 'x-tenaz-dead-letter-reason': `not a Tenaz message: ${reason}`, 'x-tenaz-dead-lettered-at': Date.now() };
    const messageId = typeof raw.properties.messageId === 'string' ? raw.properties.messageId : randomUUID();
    await this.publisher.publish(deadLetterName(queue), '', raw.content, { ...raw.properties, headers, messageId, priority } as never);
  }

  private queueNamed(name: string): ResolvedQueue {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new TransportUnavailableError('rabbitmq', `queue "${name}" is not on this transport`);
    }
    return queue;
  }
}
