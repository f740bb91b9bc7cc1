import { resolveQueue } from './build-outgoing-message';
import { DeadLetterHook, DeliveryRunner } from './delivery-runner';
import { InvalidConfigurationError, MessagingClosedError } from '../model/errors';
import { defaultPrefetch } from './resolve-options';
import type { MessagingLogger } from '../model/logger';
import type { MessageHandler } from '../model/message';
import type { ResolvedQueue, TransportName } from '../model/messaging-options';
import type { Inbox, InboxOptions } from './inbox';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { Transport } from '../transport/transport.interface';

/** Options of one `consume` call; the queue's configuration supplies the defaults. */
export interface ConsumeOptions<TTransaction = unknown> {
  /** Handlers running at once in this process. */
  concurrency?: number;
  /** Messages held (buffered or running) at once; defaults to eight per handler, at least 10. */
  prefetch?: number;
  /** Makes the consumer idempotent; a string is the consumer's name with the default transaction. */
  inbox?: string | InboxOptions<TTransaction>;
  /** How long `stop()` waits for running handlers. */
  drainTimeoutMs?: number;
  /** Told after each message this consumer dead-letters (see `DeadLetterHook`). */
  onDeadLetter?: DeadLetterHook;
}

/** A running consumer. */
export interface ConsumerHandle {
  readonly queue: string;
  /** Attempts settled so far by this consumer, by outcome. */
  readonly counts: Readonly<DeliveryRunner['counts']>;
  /** Stops claiming, releases buffered messages and waits for running handlers (graceful). */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** What the consumer side needs from `createMessaging`. */
export interface ConsumerDependencies {
  queues: ReadonlyMap<string, ResolvedQueue>;
  transportFor: (transport: TransportName) => Transport;
  inbox: Inbox;
  metrics: MessagingMetrics;
  logger: MessagingLogger;
  isClosed: () => boolean;
}

/** Starts consumers and keeps track of them so that `close()` can drain them all. */
export class Consumer {
  private readonly active = new Set<ConsumerHandle>();

  constructor(private readonly deps: ConsumerDependencies) {}

  /**
   * Starts handling a queue's messages. Resolves once the subscription is live. The handler's
   * outcome decides each message's fate (see `ProcessResult`); messages are at-least-once, and
   * exactly-once in effect with an `inbox`.
   */
  async consume<TPayload = unknown, TTransaction = unknown>(
    queueName: string,
    handler: MessageHandler<TPayload, TTransaction>,
    options: ConsumeOptions<TTransaction> = {},
  ): Promise<ConsumerHandle> {
    if (this.deps.isClosed()) {
      throw new MessagingClosedError();
    }
    const queue = resolveQueue(queueName, this.deps.queues);
    const concurrency = options.concurrency ?? queue.concurrency;
    const prefetch = options.prefetch ?? (options.concurrency ? defaultPrefetch(concurrency) : queue.prefetch);
    const inboxOptions = typeof options.inbox === 'string' ? { name: options.inbox } : options.inbox;
    checkConsumeOptions(concurrency, prefetch, inboxOptions);

    const transport = this.deps.transportFor(queue.transport);
    const runner = new DeliveryRunner({
      queue,
      transport,
      handler: handler as MessageHandler,
      concurrency,
      inbox: inboxOptions ? { store: this.deps.inbox, options: inboxOptions as InboxOptions } : undefined,
      metrics: this.deps.metrics,
      logger: this.deps.logger,
      onDeadLetter: options.onDeadLetter,
    });
    const subscription = await transport.subscribe(queue, { prefetch, onLost: runner.lost }, runner.accept);
    let stopping: Promise<void> | undefined;
    const handle: ConsumerHandle = {
      queue: queue.name,
      counts: runner.counts,
      stop: (stopOptions) => {
        stopping ??= runner
          .stop(subscription, stopOptions?.timeoutMs ?? options.drainTimeoutMs ?? queue.drainTimeoutMs)
          .finally(() => this.active.delete(handle));
        return stopping;
      },
    };
    this.active.add(handle);
    this.deps.logger.info(
      { queue: queue.name, transport: transport.name, concurrency, prefetch, inbox: inboxOptions?.name },
      'consumer started',
    );
    return handle;
  }

  /** Stops every running consumer (each with its own drain timeout). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.active].map((handle) => handle.stop()));
  }
}

function checkConsumeOptions(concurrency: number, prefetch: number, inbox: InboxOptions | undefined): void {
  const problems: string[] = [];
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1_000) {
    problems.push('concurrency: an integer from 1 to 1000');
  }
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 10_000) {
    problems.push('prefetch: an integer from 1 to 10000');
  }
  if (inbox && (typeof inbox.name !== 'string' || inbox.name.length === 0 || inbox.name.length > 100)) {
    problems.push('inbox.name: a string of 1-100 characters');
  }
  if (problems.length > 0) {
    throw new InvalidConfigurationError(problems);
  }
}
