import type { MessagingLogger } from '../model/logger';
import type { HandlerContext, Message, MessageHandler, ProcessResult } from '../model/message';
import type { ResolvedQueue } from '../model/messaging-options';
import { attemptsExhausted, DEAD_LETTER_REASONS, settlementFor } from './settlement-for';
import { type Inbox, InboxNotStartedError, type InboxOptions } from './inbox';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { Delivery, Settlement, Subscription, Transport } from '../transport/transport.interface';
import { ConsumerStoppedError, LeaseLostError } from '../model/errors';
import { unreachable } from '../model/unreachable';

/** Everything one consumer's runner needs. */
export interface DeliveryRunnerOptions {
  queue: ResolvedQueue;
  transport: Transport;
  handler: MessageHandler;
  concurrency: number;
  inbox: { store: Inbox; options: InboxOptions } | undefined;
  metrics: MessagingMetrics;
  logger: MessagingLogger;
  onDeadLetter: DeadLetterHook | undefined;
}

/**
 * Told after a message is dead-lettered, whether its handler chose to or the library did (retries
 * or attempts exhausted, including attempts that crashed their consumer before the handler could
 * say anything), so an application can mark its own record failed. Best effort: an error here is
 * logged, the dead letter stands.
 */
export type DeadLetterHook = (message: Message, deadLetter: { reason: string; error: string | null }) => Promise<void> | void;

/** What the runner knows of a running handler's delivery. */
interface RunState {
  controller?: AbortController;
  signal?: AbortSignal;
  lost?: LeaseLostError;
}

/**
 * Runs one consumer's handlers: deliveries land in an in-memory buffer (kept in priority order),
 * up to `concurrency` run at once, and each outcome becomes a settlement written back through the
 * transport. A finishing handler picks its next message from the buffer without a round trip, and
 * does not wait for its settlement to be written either: settlements batch in the background
 * (the transport still counts the message as held, and keeps its lease, until then).
 */
export class DeliveryRunner {
  private readonly buffer: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Settlements being written. A handler's slot frees as soon as its outcome is known. */
  private readonly settling = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  /** Deliveries whose handler runs, with the abort controller of their signal once a handler asked for it. */
  private readonly running = new Map<Delivery, RunState>();
  private accepting = true;
  /** Attempts in a row that the inbox's store failed (see `storeFailed`). */
  private storeFailures = 0;
  /**
   * Handled attempts by outcome, for tests, tools and logs. `lost`: attempts whose outcome was not
   * recorded because the message was no longer this consumer's (see `LeaseLostError`).
   */
  readonly counts = { acked: 0, retried: 0, deadLettered: 0, released: 0, failedToSettle: 0, lost: 0 };

  constructor(private readonly options: DeliveryRunnerOptions) {}

  /** The transport's delivery callback. */
  readonly accept = (delivery: Delivery): void => {
    if (!this.accepting) {
      void this.settle(delivery, { kind: 'release' }, 0);
      return;
    }
    const at = this.buffer.findIndex((waiting) => waiting.message.priority < delivery.message.priority);
    if (at === -1) {
      this.buffer.push(delivery);
    } else {
      this.buffer.splice(at, 0, delivery);
    }
    this.pump();
  };

  /**
   * The transport's word that a held delivery is no longer this consumer's. A running handler's
   * signal aborts with the reason; a buffered message is dropped without running (another
   * consumer has it).
   */
  readonly lost = (delivery: Delivery, reason: LeaseLostError): void => {
    const state = this.running.get(delivery);
    if (state) {
      state.lost = reason;
      state.controller?.abort(reason);
      return;
    }
    const at = this.buffer.indexOf(delivery);
    if (at !== -1) {
      this.buffer.splice(at, 1);
      void this.settle(delivery, { kind: 'release' }, 0);
    }
  };

  /** Messages buffered and running. */
  get held(): number {
    return this.buffer.length + this.inFlight.size;
  }

  /**
   * Stops the consumer: no more claims, buffered messages released unstarted, running handlers
   * given `timeoutMs` to finish. Handlers still running then see their signal aborted; their
   * messages stay leased until they settle or the lease lapses, and are never lost.
   */
  async stop(subscription: Subscription, timeoutMs: number): Promise<void> {
    this.accepting = false;
    await subscription.stop();
    const buffered = this.buffer.splice(0);
    await Promise.all(buffered.map((delivery) => this.settle(delivery, { kind: 'release' }, 0)));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all([...this.inFlight]).then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    await Promise.all([...this.settling]);
    if (timedOut) {
      this.abort.abort(new ConsumerStoppedError(this.options.queue.name));
      this.options.logger.warn(
        { queue: this.options.queue.name, running: this.inFlight.size, timeoutMs },
        'handlers still running after the drain timeout; their messages will be redelivered if they never finish',
      );
    }
  }

  private pump(): void {
    while (this.accepting && this.inFlight.size < this.options.concurrency && this.buffer.length > 0) {
      const delivery = this.buffer.shift() as Delivery;
      const run = this.execute(delivery).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  private async execute(delivery: Delivery): Promise<void> {
    const started = Date.now();
    let settlement: Settlement;
    if (attemptsExhausted(delivery)) {
      settlement = { kind: 'dead-letter', reason: DEAD_LETTER_REASONS.leaseExpiredTooOften, error: null };
    } else {
      try {
        const result = await this.invoke(delivery);
        settlement = result.duplicate ? { kind: 'ack' } : settlementFor(delivery, this.options.queue.retry, { result: result.result });
        this.storeFailures = 0;
      } catch (error) {
        settlement = (await this.storeFailed(delivery, error)) ?? settlementFor(delivery, this.options.queue.retry, { error });
      }
    }
    const settling = this.settle(delivery, settlement, Date.now() - started).finally(() => this.settling.delete(settling));
    this.settling.add(settling);
  }

  /**
   * An attempt whose inbox transaction failed because of the store, not the message: it failed
   * before the handler started, or the inbox's database does not answer now (a restart, a cut
   * connection; the transaction rolled back with whatever the handler wrote in it). Such an
   * attempt is given back unstarted, so a database restart never spends a message's retries or
   * dead-letters it; the slot is held for a pause first (doubling from 200 ms to the smaller of
   * 5 s and half the lease while the store keeps failing), so the consumer waits for the store
   * instead of spinning through its messages. Undefined: the failure is the handler's.
   */
  private async storeFailed(delivery: Delivery, error: unknown): Promise<Settlement | undefined> {
    const inbox = this.options.inbox;
    if (!inbox || !(error instanceof InboxNotStartedError || !(await inbox.store.reachable()))) {
      return undefined;
    }
    this.storeFailures += 1;
    const pauseMs = Math.min(200 * 2 ** Math.min(this.storeFailures - 1, 5), 5_000, this.options.queue.leaseMs / 2);
    if (this.storeFailures === 1 || this.storeFailures % 50 === 0) {
      this.options.logger.warn(
        { queue: this.options.queue.name, messageId: delivery.message.id, failures: this.storeFailures, err: (error as Error).message },
        "the inbox's database failed this attempt; giving the message back unstarted after a pause (its retries are not spent)",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    return { kind: 'release' };
  }

  private async invoke(delivery: Delivery): Promise<{ duplicate: boolean; result?: ProcessResult }> {
    const { handler, inbox } = this.options;
    const state: RunState = {};
    this.running.set(delivery, state);
    const stopped = this.abort.signal;
    // Created only for handlers that read it: an AbortController per message costs more than most handlers do.
    const context = <T>(transaction: T): HandlerContext<T> => ({
      transaction,
      get signal(): AbortSignal {
        if (!state.signal) {
          state.controller = new AbortController();
          if (state.lost) {
            state.controller.abort(state.lost);
          }
          state.signal = AbortSignal.any([stopped, state.controller.signal]);
        }
        return state.signal;
      },
    });
    try {
      if (!inbox) {
        return { duplicate: false, result: await handler(delivery.message, context(undefined)) };
      }
      const limits = { leaseMs: this.options.queue.leaseMs };
      return await inbox.store.run(inbox.options, delivery.message.id, limits, async (transaction) =>
        handler(delivery.message, context(transaction)),
      );
    } finally {
      this.running.delete(delivery);
    }
  }

  private async settle(delivery: Delivery, settlement: Settlement, processingMs: number): Promise<void> {
    const { queue, transport, metrics, logger } = this.options;
    try {
      await transport.settle(delivery, settlement);
      this.count(settlement.kind);
      metrics.settled(queue.name, transport.name, settlement.kind, { processingMs, endToEndMs: Date.now() - delivery.dueAt.getTime() });
      if (settlement.kind === 'dead-letter') {
        logger.warn(
          { queue: queue.name, messageId: delivery.message.id, attempt: delivery.message.attempt, reason: settlement.reason },
          'message dead-lettered',
        );
        await this.tellDeadLetter(delivery, settlement);
      }
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Refused, not failed: the consumer that holds the message now decides its fate.
        this.counts.lost += 1;
        logger.warn(
          { queue: queue.name, messageId: delivery.message.id, attempt: delivery.message.attempt, settlement: settlement.kind },
          "outcome dropped: the message is no longer this consumer's",
        );
        return;
      }
      this.counts.failedToSettle += 1;
      logger.warn(
        { queue: queue.name, messageId: delivery.message.id, settlement: settlement.kind, err: (error as Error).message },
        'could not record the outcome; the message will be redelivered when its lease lapses',
      );
    }
  }

  private async tellDeadLetter(delivery: Delivery, settlement: Extract<Settlement, { kind: 'dead-letter' }>): Promise<void> {
    try {
      await this.options.onDeadLetter?.(delivery.message, { reason: settlement.reason, error: settlement.error });
    } catch (error) {
      this.options.logger.warn(
        { queue: this.options.queue.name, messageId: delivery.message.id, err: (error as Error).message },
        'onDeadLetter hook failed',
      );
    }
  }

  private count(kind: Settlement['kind']): void {
    switch (kind) {
      case 'ack':
        this.counts.acked += 1;
        break;
      case 'retry':
        this.counts.retried += 1;
        break;
      case 'dead-letter':
        this.counts.deadLettered += 1;
        break;
      case 'release':
        this.counts.released += 1;
        break;
      default:
        unreachable(kind, 'settlement');
    }
  }
}
