import type { MessagingLogger } from '../../model/logger';
import type { Priority } from '../../model/message';

/** What a {@link PriorityGate} asks of its subscription. */
export interface PriorityGateOptions<T> {
  queue: string;
  /** The longest a verdict "the higher queues are empty" stays good for later deliveries. */
  priorityCheckMs: number;
  /** Ready messages in a priority's work queue, asked on the consumer channel. */
  readyCount: (priority: Priority) => Promise<number>;
  /** The consumer channel's current number: a verdict holds only for the channel it was made on. */
  generation: () => number;
  /** Messages of priorities above `priority` this consumer holds (handed over or gated). */
  heldAbove: (priority: Priority) => number;
  /** Whether a consumer of a priority above `level` has used up its prefetch. */
  higherFull: (level: number) => boolean;
  /** Hands a delivery to the consumer. */
  release: (item: T) => void;
  /** Drops a gated delivery of a closed channel (the broker delivers it again). */
  discard: (item: T) => void;
  logger: MessagingLogger;
}

/** Below the higher queues' check interval, re-checking a still-busy higher queue waits this long. */
const MIN_RECHECK_MS = 10;
/** `level` 3: no priority is released (a critical message is waiting). */
const NOTHING = 3;

/**
 * Keeps lower-priority deliveries from overtaking higher ones. Quorum queues have no priorities,
 * so each priority has its own queue and consumer, and the broker hands out all three at once.
 * A critical (2) delivery goes to the handlers at once; a high (1) or normal (0) one waits here
 * until the queues above it are seen empty: `queue.declare` (passive) of each higher queue, then
 * one more round trip on the same channel as a barrier, so that any higher delivery the broker
 * dispatched before answering has arrived (and was handed over first) by the time the lower ones
 * are released. Only deliveries that arrived before the check began are released by it.
 *
 * A verdict then stays good, and later lower deliveries pass at once, while this consumer's
 * higher-priority consumers keep spare prefetch: a higher message arriving meanwhile is pushed to
 * one of them (the broker delivers to any consumer with credit), so no higher backlog can form
 * unseen. When one of them fills up (`invalidate`), or after `priorityCheckMs` at most, the next
 * lower delivery waits for a new check. So a steady stream of normal messages costs a check a
 * second, and under a backlog of higher messages the lower ones wait, as the contract asks.
 */
export class PriorityGate<T extends { priority: Priority; generation: number }> {
  private readonly gated: Record<0 | 1, T[]> = { 0: [], 1: [] };
  private verdict: { level: number; at: number; generation: number } | undefined;
  private checking = false;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PriorityGateOptions<T>) {}

  /** A delivery arrived. */
  offer(item: T): void {
    const priority = item.priority;
    if (priority === 2) {
      this.options.release(item);
      return;
    }
    // FIFO within a priority: nothing overtakes a delivery already waiting.
    const waiting = this.gated[priority].length > 0 || (priority === 0 && this.gated[1].length > 0);
    if (!waiting && this.verdictAllows(priority)) {
      this.options.release(item);
      return;
    }
    this.gated[priority].push(item);
    this.requestCheck();
  }

  /** A delivery of `priority` was settled: if nothing higher is held any more, look again now. */
  higherSettled(priority: Priority): void {
    const lowest = this.lowestGated();
    if (lowest !== undefined && priority > lowest && this.options.heldAbove(lowest) === 0) {
      this.requestCheck();
    }
  }

  /** A higher-priority consumer ran out of prefetch: a higher backlog may form unseen from now on. */
  invalidate(): void {
    this.verdict = undefined;
  }

  /** A new channel: verdicts and gated deliveries of the old one are void. */
  reset(): void {
    this.verdict = undefined;
    for (const priority of [1, 0] as const) {
      for (const item of this.gated[priority].splice(0)) {
        this.options.discard(item);
      }
    }
  }

  /** Takes every gated delivery out (the subscription is stopping). */
  drain(): T[] {
    return [...this.gated[1].splice(0), ...this.gated[0].splice(0)];
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private verdictAllows(priority: Priority): boolean {
    const verdict = this.verdict;
    return (
      verdict !== undefined &&
      verdict.level <= priority &&
      verdict.generation === this.options.generation() &&
      Date.now() - verdict.at <= this.options.priorityCheckMs
    );
  }

  private lowestGated(): Priority | undefined {
    if (this.gated[0].length > 0) {
      return 0;
    }
    return this.gated[1].length > 0 ? 1 : undefined;
  }

  private requestCheck(): void {
    if (this.stopped) {
      return;
    }
    if (this.checking) {
      this.again = true;
      return;
    }
    void this.check();
  }

  private async check(): Promise<void> {
    this.checking = true;
    this.again = false;
    clearTimeout(this.timer);
    const generation = this.options.generation();
    const arrivedBefore = { 0: this.gated[0].length, 1: this.gated[1].length };
    const lowest = this.lowestGated();
    try {
      if (lowest !== undefined) {
        const startedAt = Date.now();
        const level = await this.releasableLevel(lowest);
        if (this.options.generation() === generation) {
          // A higher consumer already full has credit for nothing new: the verdict covers this check only.
          this.verdict = this.options.higherFull(level) ? undefined : { level, at: startedAt, generation };
          this.release(level, arrivedBefore);
        }
      }
    } catch (error) {
      // The channel closed: its deliveries come again on the next one, which resets the gate.
      this.options.logger.debug({ queue: this.options.queue, err: (error as Error).message }, 'priority check failed');
    } finally {
      this.checking = false;
      this.scheduleNext();
    }
  }

  /** The lowest priority whose higher queues are all empty now (3: none). */
  private async releasableLevel(lowest: Priority): Promise<number> {
    if ((await this.options.readyCount(2)) > 0) {
      return NOTHING;
    }
    let level: number = lowest;
    if (lowest === 0 && (await this.options.readyCount(1)) > 0) {
      level = 1;
    }
    // The barrier: one more round trip on the consumer channel (see the class comment).
    return (await this.options.readyCount(2)) > 0 ? NOTHING : level;
  }

  private release(level: number, arrivedBefore: Record<0 | 1, number>): void {
    for (const priority of [1, 0] as const) {
      // A high message still waiting (it came during the check) goes before any normal one.
      if (priority < level || (priority === 0 && this.gated[1].length > 0)) {
        continue;
      }
      // A verdict that lasts covers later arrivals too; one that does not covers only earlier ones.
      const count = this.verdict && this.options.priorityCheckMs > 0 ? this.gated[priority].length : arrivedBefore[priority];
      for (const item of this.gated[priority].splice(0, count)) {
        this.options.release(item);
      }
    }
  }

  private scheduleNext(): void {
    if (this.stopped || this.lowestGated() === undefined) {
      return;
    }
    if (this.again) {
      this.requestCheck();
      return;
    }
    // Higher messages are still waiting (perhaps for other consumers): look again shortly.
    this.timer = setTimeout(() => this.requestCheck(), Math.max(this.options.priorityCheckMs, MIN_RECHECK_MS));
  }
}
