import type { Channel, ConsumeMessage } from 'amqplib';
import type { MessagingLogger } from '../../model/logger';
import { PRIORITIES, Priority } from '../../model/message';
import type { ResolvedQueue } from '../../model/messaging-options';
import type { Delivery, Subscription } from '../../transport/transport.interface';
import type { AmqpConnection } from './amqp-connection';
import { decodeMessage, Envelope } from './amqp-message';
import { ManagedChannel } from './managed-channel';
import { PriorityGate } from './priority-gate';
import { workQueueName } from './topology';
import { LeaseLostError, TransportUnavailableError } from '../../model/errors';

/** The transport's reference to a delivery: the AMQP message and the channel that delivered it. */
export interface RabbitMqDeliveryHandle {
  subscription: PrioritySubscription;
  /** The channel generation that delivered it: its delivery tag means nothing on another channel. */
  generation: number;
  raw: ConsumeMessage;
  priority: Priority;
  envelope: Envelope;
  attempt: number;
  /** Times the broker handed out this copy before without an outcome (a consumer died, a connection dropped). */
  redeliveries: number;
  payload: unknown;
  /** When it was handed to the consumer; processing time runs from here to the settlement. */
  handedAt: number;
}

/** What a subscription needs from its transport. */
export interface PrioritySubscriptionDependencies {
  connection: AmqpConnection;
  queue: ResolvedQueue;
  prefetch: number;
  priorityCheckMs: number;
  onDelivery: (delivery: Delivery) => void;
  /** Told of handed-over deliveries whose channel closed: they are no longer this consumer's. */
  onLost: ((delivery: Delivery, reason: LeaseLostError) => void) | undefined;
  /** Parks a message that cannot be decoded; resolves once it is safe to ack it. */
  deadLetterUndecodable: (raw: ConsumeMessage, priority: Priority, reason: string) => Promise<void>;
  /** Called with +1 / -1 as messages are held and settled (the held gauge of health). */
  onHeld: (delta: number) => void;
  logger: MessagingLogger;
}

/**
 * One consumer of one queue: its own channel with manual acks, `basic.qos(prefetch)` per
 * consumer, and a consumer on each priority's work queue. Critical messages go to the handlers at
 * once; lower ones pass the {@link PriorityGate} first, which lets them through only while the
 * higher queues are empty. The channel (qos and consumers included) is re-established after any
 * reconnect; deliveries of a closed channel are returned by the broker and come again.
 */
export class PrioritySubscription implements Subscription {
  private readonly channel: ManagedChannel<Channel>;
  private readonly gate: PriorityGate<RabbitMqDeliveryHandle>;
  private readonly heldByPriority: Record<Priority, number> = { 0: 0, 1: 0, 2: 0 };
  private consumerTags: string[] = [];
  private stopped = false;
  /** Deliveries handed to the consumer and not yet settled, so a closed channel can tell them lost. */
  private readonly handedOver = new Map<RabbitMqDeliveryHandle, Delivery>();

  constructor(private readonly deps: PrioritySubscriptionDependencies) {
    this.channel = new ManagedChannel<Channel>(
      deps.connection,
      { name: `consume:${deps.queue.name}`, confirm: false, setup: (channel, generation) => this.setUp(channel, generation) },
      deps.logger,
    );
    this.channel.onLost(() => this.channelLost());
    this.gate = new PriorityGate<RabbitMqDeliveryHandle>({
      priorityCheckMs: deps.priorityCheckMs,
      readyCount: (priority) => this.readyCount(priority),
      generation: () => this.channel.generation,
      heldAbove: (priority) => PRIORITIES.filter((p) => p > priority).reduce((sum: number, p) => sum + this.heldByPriority[p], 0),
      higherFull: (level) => PRIORITIES.some((p) => p > level && this.heldByPriority[p] >= deps.prefetch),
      release: (handle) => this.handOver(handle),
      discard: (handle) => this.dropHeld(handle.priority),
      logger: deps.logger,
      queue: deps.queue.name,
    });
  }

  async start(): Promise<void> {
    await this.channel.start();
  }

  get queueName(): string {
    return this.deps.queue.name;
  }

  /** Whether the channel that delivered `handle` is still open: only then can it be acked. */
  isLive(handle: RabbitMqDeliveryHandle): boolean {
    return this.channel.current !== undefined && this.channel.generation === handle.generation;
  }

  /** Acknowledges a delivery on its channel; throws when that channel is gone. */
  ack(handle: RabbitMqDeliveryHandle): void {
    const channel = this.liveChannel(handle);
    channel.ack(handle.raw);
  }

  /** Gives a delivery back to its queue (counted by the broker as a delivery) if its channel is open. */
  requeue(handle: RabbitMqDeliveryHandle): void {
    if (this.isLive(handle)) {
      try {
        this.channel.current?.nack(handle.raw, false, true);
      } catch {
        // The channel closed meanwhile: the broker returns the message itself.
      }
    }
  }

  /** Called once per handed-over delivery after it was settled (or its settlement failed). */
  forget(handle: RabbitMqDeliveryHandle): void {
    this.handedOver.delete(handle);
    this.dropHeld(handle.priority);
    this.gate.higherSettled(handle.priority);
    this.closeIfDone();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const channel = this.channel.current;
    const tags = this.consumerTags;
    this.consumerTags = [];
    if (channel) {
      await Promise.all(tags.map((tag) => channel.cancel(tag).catch(() => undefined)));
    }
    // Gated messages never reached a handler: hand them over now, the stopping consumer releases them.
    for (const handle of this.gate.drain()) {
      this.handOver(handle);
    }
    this.gate.stop();
    this.closeIfDone();
  }

  /** Closes the channel for good (the transport is closing; unsettled messages are redelivered). */
  async close(): Promise<void> {
    this.stopped = true;
    this.gate.stop();
    await this.channel.close();
  }

  private async setUp(channel: Channel, generation: number): Promise<void> {
    if (this.stopped) {
      return;
    }
    // Before the consumers start: their first deliveries can arrive before this function returns.
    this.gate.reset();
    // Per consumer (global=false): quorum queues do not support a channel-wide prefetch.
    await channel.prefetch(this.deps.prefetch, false);
    const tags: string[] = [];
    for (const priority of PRIORITIES) {
      const reply = await channel.consume(
        workQueueName(this.deps.queue.name, priority),
        (raw) => this.received(raw, priority, generation),
        { noAck: false },
      );
      tags.push(reply.consumerTag);
    }
    this.consumerTags = tags;
  }

  private received(raw: ConsumeMessage | null, priority: Priority, generation: number): void {
    if (raw === null) {
      // The broker cancelled the consumer (its queue was deleted, or its leader moved): start over.
      this.deps.logger.warn({ queue: this.deps.queue.name, priority }, 'RabbitMQ cancelled a consumer; reopening its channel');
      void this.channel.current?.close().catch(() => undefined);
      return;
    }
    let decoded;
    try {
      decoded = decodeMessage(raw, priority, this.deps.queue.retry.maxRetries);
    } catch (error) {
      this.parkUndecodable(raw, priority, generation, (error as Error).message);
      return;
    }
    const handle: RabbitMqDeliveryHandle = {
      subscription: this,
      generation,
      raw,
      // The queue it came from decides: that is the order it was handed out in.
      priority,
      envelope: decoded.envelope,
      attempt: 1 + decoded.envelope.attemptsBefore + decoded.deliveryCount,
      redeliveries: decoded.deliveryCount,
      payload: decoded.payload,
      handedAt: 0,
    };
    this.heldByPriority[priority] += 1;
    this.deps.onHeld(1);
    if (priority > 0 && this.heldByPriority[priority] >= this.deps.prefetch) {
      this.gate.invalidate();
    }
    if (this.stopped) {
      this.handOver(handle);
    } else {
      this.gate.offer(handle);
    }
  }

  private handOver(handle: RabbitMqDeliveryHandle): void {
    handle.handedAt = Date.now();
    const envelope = handle.envelope;
    const delivery: Delivery = {
      message: {
        id: envelope.id,
        queue: this.deps.queue.name,
        type: envelope.type,
        payload: handle.payload,
        priority: handle.priority,
        attempt: handle.attempt,
        correlationId: envelope.correlationId,
        tenantId: envelope.tenantId,
        countryCode: envelope.countryCode,
        headers: envelope.headers,
        createdAt: envelope.createdAt,
      },
      maxRetries: envelope.maxRetries,
      retryDelayMs: envelope.retryDelayMs,
      dueAt: envelope.dueAt,
      handle,
    };
    this.handedOver.set(handle, delivery);
    this.deps.onDelivery(delivery);
  }

  /** Every delivery of the channel that closed comes again from the broker: those held here are lost. */
  private channelLost(): void {
    const generation = this.channel.generation;
    for (const [handle, delivery] of this.handedOver) {
      if (handle.generation === generation) {
        this.deps.onLost?.(
          delivery,
          new LeaseLostError(
            this.deps.queue.name,
            handle.envelope.id,
            'the channel that delivered it closed; the broker delivers it again',
          ),
        );
      }
    }
  }

  private parkUndecodable(raw: ConsumeMessage, priority: Priority, generation: number, reason: string): void {
    this.deps.logger.warn({ queue: this.deps.queue.name, reason }, 'dead-lettering a message that is not a Tenaz message');
    this.deps
      .deadLetterUndecodable(raw, priority, reason)
      .then(() => {
        if (this.channel.generation === generation) {
          this.channel.current?.ack(raw);
        }
      })
      .catch((error: Error) => {
        this.deps.logger.warn(
          { queue: this.deps.queue.name, err: error.message },
          'could not dead-letter an undecodable message; it stays unacknowledged until the channel closes',
        );
      });
  }

  private async readyCount(priority: Priority): Promise<number> {
    const channel = this.channel.current;
    if (!channel) {
      throw new TransportUnavailableError('rabbitmq', 'the consumer channel is closed');
    }
    // On the consumer channel itself: its replies come after any delivery the broker handed this
    // channel before answering, which the gate's barrier relies on.
    return (await channel.checkQueue(workQueueName(this.deps.queue.name, priority))).messageCount;
  }

  private liveChannel(handle: RabbitMqDeliveryHandle): Channel {
    const channel = this.channel.current;
    if (!channel || this.channel.generation !== handle.generation) {
      throw new LeaseLostError(
        this.deps.queue.name,
        handle.envelope.id,
        'the channel that delivered it closed; the broker delivers it again',
      );
    }
    return channel;
  }

  private dropHeld(priority: Priority): void {
    this.heldByPriority[priority] -= 1;
    this.deps.onHeld(-1);
  }

  private closeIfDone(): void {
    if (this.stopped && PRIORITIES.every((priority) => this.heldByPriority[priority] === 0)) {
      void this.channel.close();
    }
  }
}
