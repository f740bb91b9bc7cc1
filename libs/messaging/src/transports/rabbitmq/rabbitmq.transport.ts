import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { TransportUnavailableError } from '../../model/errors';
import type { MessagingLogger } from '../../model/logger';
import { OutgoingMessage, PRIORITIES, Priority } from '../../model/message';
import type { RabbitMqOptions, ResolvedQueue } from '../../model/messaging-options';
import type { QueueDepth } from '../../model/queue-health';
import type { SqlExecutor } from '../../database/sql-executor';
import type {
  DeadLetter,
  DeadLetterSelector,
  Delivery,
  Settlement,
  SubscribeOptions,
  Subscription,
  Transport,
} from '../../transport/transport.interface';
import type { Database } from '../../database/database';
import { AmqpConnection } from './amqp-connection';
import { Envelope, envelopeOf, publishOptions } from './amqp-message';
import { ConfirmFailedError } from './confirm-failed.error';
import { ConfirmPublisher } from './confirm-publisher';
import { DeadLetterBrowser } from './dead-letter-browser';
import { ladderRoute } from './delay-ladder';
import { ManagedChannel } from './managed-channel';
import { PrioritySubscription, RabbitMqDeliveryHandle } from './priority-subscription';
import { RabbitMqOutbox } from './rabbitmq-outbox';
import { RabbitMqStats } from './rabbitmq-stats';
import { settleOnBroker } from './settle-on-broker';
import { declareDelayLadder, declareWorkQueue, delayLevelName, deadLetterName, ladderDestination, workQueueName } from './topology';

/** What the RabbitMQ transport is built from. */
export interface RabbitMqTransportOptions {
  rabbitmq: RabbitMqOptions;
  /** Where the outbox and the statistics AMQP cannot give live. */
  database: Database;
  instanceId: string;
  logger: MessagingLogger;
}

/** RabbitMQ cannot tell a duplicate publish (the inbox does, at the consumer). */
const NO_DUPLICATES: ReadonlySet<string> = new Set();

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
  private readonly outbox: RabbitMqOutbox;
  private readonly subscriptions = new Set<PrioritySubscription>();
  private readonly queues = new Map<string, ResolvedQueue>();

  constructor(private readonly options: RabbitMqTransportOptions) {
    const { rabbitmq, logger } = options;
    const connection = (role: string) =>
      new AmqpConnection(
        {
          urls: typeof rabbitmq.url === 'string' ? [rabbitmq.url] : rabbitmq.url,
          name: `${options.database.applicationName}:${role}`,
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
    // On the consuming connection: the broker stops reading a blocked publishing connection
    // altogether, and health must still answer (and say so) during a resource alarm.
    this.admin = new ManagedChannel<Channel>(
      this.consumeConnection,
      { name: 'admin', confirm: false, setup: async () => undefined },
      logger,
    );
    this.statistics = new RabbitMqStats(
      options.database,
      {
        instanceId: options.instanceId,
        flushIntervalMs: rabbitmq.statsFlushIntervalMs,
        enqueueRetentionMs: ENQUEUE_STATS_RETENTION_MS,
      },
      logger,
    );
    this.deadLetters = new DeadLetterBrowser({
      connection: this.publishConnection,
      replay: (queue, envelope, content) => this.send(queue.name, envelope, content, 0),
      logger,
    });
    this.outbox = new RabbitMqOutbox({
      database: options.database,
      logger,
      options: rabbitmq.outbox,
      send: (queue, envelope, content, delayMs) => this.send(queue, envelope, content, delayMs),
      brokerReady: () => this.publisher.ready,
    });
  }

  /** Connects, declares the topology and starts the relay; rejects with `TransportUnavailableError` if the broker cannot be reached. */
  async start(queues: readonly ResolvedQueue[]): Promise<void> {
    queues.forEach((queue) => this.queues.set(queue.name, queue));
    // Topology first on every connection, so channels opened after it find their queues.
    this.publishConnection.onConnect((model) => this.declareTopology(model));
    this.publishConnection.onConnect(async () => this.outbox.wake());
    this.publishConnection.onUnblocked(() => this.outbox.wake());
    try {
      await this.publishConnection.start();
      await this.publisher.start();
      await this.deadLetters.start();
      await this.consumeConnection.start();
      await this.admin.start();
      this.statistics.start();
      await this.outbox.start();
    } catch (error) {
      // Nothing half-started stays behind: the caller never gets this transport to close.
      await this.close().catch(() => undefined);
      throw new TransportUnavailableError('rabbitmq', `could not start: ${(error as Error).message}`, { cause: error });
    }
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<{ duplicates: ReadonlySet<string> }> {
    const failures: { message: OutgoingMessage; error: Error }[] = [];
    await Promise.all(
      messages.map((message) =>
        this.send(message.queue, envelopeOf(message), Buffer.from(message.payloadJson), message.delayMs).catch(
          (error: Error) => void failures.push({ message, error }),
        ),
      ),
    );
    if (failures.length === 0) {
      return { duplicates: NO_DUPLICATES };
    }
    const spillable = failures.every((failure) => failure.error instanceof ConfirmFailedError && failure.error.brokerUnavailable);
    if (this.options.rabbitmq.spillToOutbox && spillable) {
      this.options.logger.warn(
        { count: failures.length, err: failures[0].error.message },
        'RabbitMQ did not take these messages; spilled them to the outbox',
      );
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
      onLost: options.onLost,
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
  }

  async depth(queue: ResolvedQueue): Promise<QueueDepth> {
    const channel = this.admin.current;
    if (!channel) {
      throw new TransportUnavailableError('rabbitmq', 'not connected to RabbitMQ');
    }
    // Held first, depths next: a message moving between them is seen at least once.
    const heldBefore = this.statistics.heldNow(queue.name);
    const ready = { 0: 0, 1: 0, 2: 0 } as Record<Priority, number>;
    for (const priority of PRIORITIES) {
      ready[priority] = (await channel.checkQueue(workQueueName(queue.name, priority))).messageCount;
    }
    const deadLettered = (await channel.checkQueue(deadLetterName(queue.name))).messageCount;
    const [processing, oldestPendingAgeMs] = await Promise.all([
      this.statistics.heldEverywhere(queue.name, heldBefore),
      this.statistics.oldestPendingAgeMs(queue.name, ready),
    ]);
    const blocked = this.publisher.blocked;
    return {
      pending: ready[0] + ready[1] + ready[2],
      processing,
      deadLettered,
      oldestPendingAgeMs,
      ...(blocked === undefined ? {} : { blocked }),
    };
  }

  listDeadLetters(queue: string, options: { limit: number; offset: number } & DeadLetterSelector): Promise<DeadLetter[]> {
    return this.deadLetters.list(this.queueNamed(queue), options);
  }

  countDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    return this.deadLetters.count(this.queueNamed(queue), selector);
  }

  replayDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    return this.deadLetters.replay(this.queueNamed(queue), selector);
  }

  purgeDeadLetters(queue: string, selector: DeadLetterSelector): Promise<number> {
    return this.deadLetters.purge(this.queueNamed(queue), selector);
  }

  async ping(): Promise<boolean> {
    // A blocked broker still answers: health reports the block, readiness stays up.
    return this.publisher.connected && this.consumeConnection.current !== undefined;
  }

  async close(): Promise<void> {
    await this.outbox.close();
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
      for (const queue of this.queues.values()) {
        await declareWorkQueue(channel, queue.name, queue.replicas);
      }
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  private async parkUndecodable(queue: string, raw: ConsumeMessage, priority: Priority, reason: string): Promise<void> {
    const headers = {
      ...(raw.properties.headers ?? {}),
      'x-tenaz-dead-letter-reason': `not a Tenaz message: ${reason}`,
      'x-tenaz-dead-lettered-at': Date.now(),
    };
    const messageId = typeof raw.properties.messageId === 'string' ? raw.properties.messageId : randomUUID();
    await this.publisher.publish(deadLetterName(queue), '', raw.content, {
      ...raw.properties,
      headers,
      messageId,
      priority,
      mandatory: true,
      persistent: true,
    });
  }

  private queueNamed(name: string): ResolvedQueue {
    const queue = this.queues.get(name);
    if (!queue) {
      throw new TransportUnavailableError('rabbitmq', `queue "${name}" is not on this transport`);
    }
    return queue;
  }
}
