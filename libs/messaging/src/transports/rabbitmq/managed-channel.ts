import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import type { MessagingLogger } from '../../model/logger';
import type { AmqpConnection } from './amqp-connection';

/** What one managed channel is for and how it is set up. */
export interface ManagedChannelOptions<C extends Channel> {
  /** For logs. */
  name: string;
  confirm: C extends ConfirmChannel ? true : false;
  /** Runs on every new channel before it is used: qos, listeners, consumers. `generation` is the new channel's number. */
  setup: (channel: C, generation: number) => Promise<void>;
}

/** Reopening after a channel-level error (the connection still up) backs off from here… */
const REOPEN_MIN_DELAY_MS = 100;
/** …to here: a channel that keeps failing (a queue deleted by hand) is retried every 5 s. */
const REOPEN_MAX_DELAY_MS = 5_000;

/**
 * One AMQP channel kept open: recreated (and set up again) on every reconnect of its connection,
 * and after a channel-level error such as a 404 or a precondition failure that closes only the
 * channel. `generation` counts channels opened, so a delivery tag can be matched to the channel
 * that issued it: a tag from a closed channel means nothing on its successor.
 */
export class ManagedChannel<C extends Channel> {
  private channel: C | undefined;
  private closed = false;
  private reopenDelayMs = REOPEN_MIN_DELAY_MS;
  private reopenTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly lostListeners = new Set<(channel: C) => void>();
  /** Channels opened so far; the latest one's number. */
  generation = 0;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: ManagedChannelOptions<C>,
    private readonly logger: MessagingLogger,
  ) {}

  /**
   * Opens the channel now if the connection is up (rejecting if that fails), and on every
   * reconnect. While the connection is down it opens once it is back.
   */
  async start(): Promise<void> {
    this.unsubscribe = this.connection.onConnect((model) => this.open(model));
    const model = this.connection.current;
    if (model) {
      await this.open(model);
    }
  }

  /** The open channel, if any. */
  get current(): C | undefined {
    return this.channel;
  }

  /** Called with the channel that closed (after it closed). */
  onLost(listener: (channel: C) => void): void {
    this.lostListeners.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    clearTimeout(this.reopenTimer);
    const channel = this.channel;
    this.channel = undefined;
    await channel?.close().catch(() => undefined);
  }

  private async open(model: ChannelModel): Promise<void> {
    if (this.closed) {
      return;
    }
    const channel = (this.options.confirm ? await model.createConfirmChannel() : await model.createChannel()) as C;
    channel.on('error', (error: Error) => this.logger.warn({ channel: this.options.name, err: error.message }, 'RabbitMQ channel error'));
    channel.on('close', () => this.lost(channel, model));
    // Current and numbered before its setup: consumers started there receive (and settle)
    // deliveries before setup returns, and no two channels ever share a number.
    const generation = ++this.generation;
    this.channel = channel;
    try {
      await this.options.setup(channel, generation);
    } catch (error) {
      if (this.channel === channel) {
        this.channel = undefined;
      }
      await channel.close().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      this.channel = undefined;
      await channel.close().catch(() => undefined);
      return;
    }
    this.reopenDelayMs = REOPEN_MIN_DELAY_MS;
  }

  private lost(channel: C, model: ChannelModel): void {
    if (this.channel !== channel) {
      return;
    }
    this.channel = undefined;
    for (const listener of this.lostListeners) {
      listener(channel);
    }
    // When the whole connection went, its reconnect reopens this channel; otherwise reopen here.
    if (!this.closed && this.connection.current === model) {
      this.scheduleReopen(model);
    }
  }

  private scheduleReopen(model: ChannelModel): void {
    clearTimeout(this.reopenTimer);
    this.reopenTimer = setTimeout(() => {
      if (this.closed || this.channel || this.connection.current !== model) {
        return;
      }
      this.open(model).catch((error: Error) => {
        this.logger.warn(
          { channel: this.options.name, err: error.message, retryInMs: this.reopenDelayMs },
          'could not reopen a RabbitMQ channel',
        );
        this.reopenDelayMs = Math.min(this.reopenDelayMs * 2, REOPEN_MAX_DELAY_MS);
        this.scheduleReopen(model);
      });
    }, this.reopenDelayMs);
  }
}
