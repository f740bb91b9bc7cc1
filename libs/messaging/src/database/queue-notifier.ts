import type { MessagingLogger } from '../model/logger';
import type { Database } from './database';
import { DatabaseStatements, databaseStatements } from './database-statements';

/**
 * How close together two wake-ups of one channel may go out. A publish that finds the last one
 * sent within this window joins the next one, sent when the window ends: a loop of single
 * publishes (1,000–2,000 a second here) then costs one NOTIFY per window instead of one per
 * message, while a message published after a quiet window (200 a second are 5 ms apart) still
 * wakes consumers at once. Consumers see at most this much more latency, and only in a burst,
 * when the first message of the burst has already woken them.
 */
export const NOTIFY_COALESCE_WINDOW_MS = 3;

/**
 * Sends NOTIFY for queues that received work, outside the writers' transactions and coalesced:
 * the first request after a quiet window goes out at once, later ones within the window merge
 * into one NOTIFY at its end, and while one is in flight the next ones merge as well. A burst of
 * publishes costs a couple of NOTIFYs rather than one each. A lost NOTIFY only delays consumers
 * until their polling backstop.
 */
export class QueueNotifier {
  private readonly waiting = new Set<string>();
  private sending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the last wake-up went out (or was handed to a writer's own statement). */
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private readonly statements: DatabaseStatements;

  constructor(
    private readonly database: Database,
    /** The LISTEN/NOTIFY channel to wake: the schema's queue channel, or its outbox channel. */
    private readonly channel: string,
    private readonly logger: MessagingLogger,
    private readonly windowMs: number = NOTIFY_COALESCE_WINDOW_MS,
  ) {
    this.statements = databaseStatements(database.schema);
  }

  /** Asks for a wake-up of these queues once the work written for them is committed. */
  notify(queues: Iterable<string>): void {
    for (const queue of queues) {
      this.waiting.add(queue);
    }
    this.schedule();
  }

  /**
   * Whether a writer about to commit work may wake consumers itself, inside its own statement
   * (insert-messages.sql): yes when nothing else is due to, and the window since the last wake-up
   * has passed. A yes counts as this window's wake-up; a no means the writer calls `notify` after
   * its commit, and that request joins the one already planned.
   */
  takeInline(): boolean {
    if (this.sending || this.timer || this.waiting.size > 0 || performance.now() - this.lastSentAt < this.windowMs) {
      return false;
    }
    this.lastSentAt = performance.now();
    return true;
  }

  /** Resolves once nothing is waiting or in flight (used on close): a planned wake-up goes out now. */
  async idle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.startSending();
    }
    while (this.sending) {
      await this.sending;
    }
  }

  private schedule(): void {
    if (this.sending || this.timer || this.waiting.size === 0) {
      return;
    }
    const wait = this.lastSentAt + this.windowMs - performance.now();
    if (wait <= 0) {
      this.startSending();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.startSending();
    }, Math.ceil(wait));
  }

  private startSending(): void {
    if (this.waiting.size === 0) {
      return;
    }
    this.lastSentAt = performance.now();
    this.sending = this.send().finally(() => {
      this.sending = undefined;
      this.schedule();
    });
  }

  private async send(): Promise<void> {
    const queues = [...this.waiting];
    this.waiting.clear();
    try {
      await this.database.query(this.statements['notify-queues'], [this.channel, queues]);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, queues }, 'NOTIFY failed; consumers will find the work on their next poll');
    }
  }
}
