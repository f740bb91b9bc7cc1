import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Messaging, PublishResult } from '@tenaz/messaging';
import type { Ledger, SentMessage } from '../checker/ledger';

/** How the producer publishes and what it sends. */
export interface ProducerOptions {
  queue: string;
  messages: number;
  /** Messages per second over all lanes. */
  rate: number;
  /** Parallel publishing lanes; each owns its keys, so a key's sequence follows send order. */
  lanes: number;
  keysPerLane: number;
  /** Every n-th message is poison (0: none). */
  poisonEvery: number;
  /** A delay for some messages (ms), or 0. */
  delayMs: (index: number) => number;
  /** `outbox`: publishTransactional inside a transaction of `outboxPool`, committed by the producer. */
  mode: 'direct' | 'outbox';
  outboxPool?: Pool;
  /** A message whose publishes keep failing is given up after this long (its failure is recorded). */
  giveUpAfterMs: number;
}

/** Paces `count` sends so that they take `count / rate` seconds in all. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The application's side of a run: publishes keyed, sequenced messages at a steady rate, repeats a
 * failed publish with the same message id until it is accepted or `giveUpAfterMs` passes (what a
 * careful application does), and records every message's outcome in the ledger in batches of at
 * most 500 (the only buffer, bounded).
 */
export class Producer {
  private readonly pending: SentMessage[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushError: Error | undefined;
  private sentCount = 0;
  private committedCount = 0;
  private done: Promise<void> | undefined;

  constructor(
    private readonly messaging: Messaging,
    private readonly ledger: Ledger,
    private readonly options: ProducerOptions,
  ) {}

  get sent(): number {
    return this.sentCount;
  }

  get committed(): number {
    return this.committedCount;
  }

  /** Starts the lanes; `finished()` resolves once every message is sent and recorded. */
  start(): void {
    const { lanes, messages } = this.options;
    const perLane = Math.ceil(messages / lanes);
    this.done = Promise.all(
      Array.from({ length: lanes }, (_, lane) => this.runLane(lane, Math.max(0, Math.min(perLane, messages - lane * perLane)))),
    )
      .then(() => this.flush())
      .then(() => {
        if (this.flushError) throw this.flushError;
      });
  }

  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  private async runLane(lane: number, count: number): Promise<void> {
    const sequences = new Map<string, number>();
    const intervalMs = (1_000 * this.options.lanes) / this.options.rate;
    const startedAt = Date.now();
    for (let i = 0; i < count; i += 1) {
      const index = i * this.options.lanes + lane;
      const key = `k${lane}_${i % this.options.keysPerLane}`;
      const seq = (sequences.get(key) ?? 0) + 1;
      sequences.set(key, seq);
      const poison = this.options.poisonEvery > 0 && index % this.options.poisonEvery === this.options.poisonEvery - 1;
      await this.sendOne(key, seq, poison, this.options.delayMs(index));
      const due = startedAt + (i + 1) * intervalMs;
      if (due > Date.now()) await pause(due - Date.now());
    }
  }

  private async sendOne(key: string, seq: number, poison: boolean, delayMs: number): Promise<void> {
    const id = randomUUID();
    const sentAt = new Date();
    const giveUpAt = Date.now() + this.options.giveUpAfterMs;
    this.sentCount += 1;
    let attempts = 0;
    // The earliest a stored copy may be due: an attempt told "failed" may still have been stored
    // (a confirm lost with the connection), with its own, earlier due time; a repeat with the same
    // id cannot move that copy later. "Handled before its time" is judged against this.
    const notBefore = delayMs > 0 ? new Date(Date.now() + delayMs) : null;
    for (;;) {
      attempts += 1;
      const result = await this.publish(id, { key, seq, poison }, delayMs);
      if (result.status !== 'failed') {
        this.committedCount += 1;
        this.record({
          id,
          key,
          seq,
          poison,
          notBefore,
          sentAt,
          publishAttempts: attempts,
          outcome: 'committed',
          confirmed: result.status === 'delivered',
          committedAt: new Date(),
        });
        return;
      }
      if (Date.now() > giveUpAt) {
        this.record({
          id,
          key,
          seq,
          poison,
          notBefore,
          sentAt,
          publishAttempts: attempts,
          outcome: 'failed',
          confirmed: false,
          committedAt: null,
        });
        return;
      }
      // 100 ms between attempts: a broker or database coming back is retried ten times a second.
      await pause(100);
    }
  }

  private async publish(messageId: string, payload: object, delayMs: number): Promise<PublishResult> {
    const input = { queue: this.options.queue, type: 'fault_run', payload };
    const options = { messageId, delayMs: delayMs > 0 ? delayMs : undefined };
    if (this.options.mode === 'direct') {
      try {
        return await this.messaging.publisher.publish(input, options);
      } catch (error) {
        return { messageId, status: 'failed', error: (error as Error).message };
      }
    }
    let client;
    try {
      client = await this.options.outboxPool!.connect();
    } catch (error) {
      return { messageId, status: 'failed', error: (error as Error).message };
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await this.messaging.publisher.publishTransactional(input, client, options);
      await client.query('COMMIT');
      return { messageId, status: 'queued' };
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      return { messageId, status: 'failed', error: broken.message };
    } finally {
      // A connection that failed is dropped, not handed to the next publish.
      client.release(broken);
    }
  }

  private record(message: SentMessage): void {
    this.pending.push(message);
    if (this.pending.length >= 500) {
      void this.flush();
    }
  }

  /** Writes what is buffered; flushes run one after another. */
  private flush(): Promise<void> {
    const batch = this.pending.splice(0);
    this.flushing = this.flushing
      .then(() => this.ledger.recordSent(batch))
      .catch((error: Error) => {
        this.flushError ??= error;
      });
    return this.flushing;
  }
}
