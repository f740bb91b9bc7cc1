import type { ScenarioResult } from './scenario';
import { distribution, percentile } from './stats';
import { steadyRate, waitFor } from './timing';

/**
 * Collects latencies of messages sent inside the measured window: from just before the producer
 * starts its write to when the consumer's code holds the message (both ends read this process's
 * performance.now(), carried in the payload as `sentAt`).
 */
export class LatencyRecorder {
  private windowStart = Number.POSITIVE_INFINITY;
  received = 0;
  readonly samples: number[] = [];
  /** The consumer's first error, which ends the scenario. */
  failure: unknown = undefined;
  private writeP50 = NaN;

  record(sentAt: number, now = performance.now()): void {
    this.received += 1;
    if (sentAt >= this.windowStart) {
      this.samples.push(now - sentAt);
    }
  }

  /**
   * Sends at `rate` per second in an open loop for `warmUpMs` + `windowMs` (messages of the
   * warm-up are not counted), then waits until the consumer has seen every message, at most
   * `drainTimeoutMs`: a system that cannot keep up fails the run rather than reporting the
   * latencies of the messages that happened to arrive.
   */
  async drive(
    options: { rate: number; warmUpMs: number; windowMs: number; drainTimeoutMs: number },
    send: () => Promise<unknown>,
  ): Promise<ScenarioResult> {
    this.windowStart = performance.now() + options.warmUpMs;
    // How long the producer's own writes take: a side whose writes take longer than the interval
    // between sends (5 ms at 200/s) cannot keep up on the machine as loaded, and its latency then
    // measures a growing queue rather than the path of one message.
    const writes: number[] = [];
    const timedSend = async () => {
      const started = performance.now();
      await send();
      writes.push(performance.now() - started);
    };
    const total = await steadyRate(options.rate, options.warmUpMs + options.windowMs, timedSend);
    this.writeP50 = percentile(writes, 50);
    try {
      await waitFor(
        () => {
          if (this.failure) {
            throw this.failure;
          }
          return this.received >= total;
        },
        { timeoutMs: options.drainTimeoutMs, what: `${total} messages at the consumer` },
      );
    } catch (error) {
      throw new Error(
        `did not keep up with ${options.rate}/s: ${this.received} of ${total} received (${error instanceof Error ? error.message : error})`,
      );
    }
    const ms = (p: number) => ({ value: Math.round(percentile(this.samples, p) * 100) / 100, unit: 'ms' });
    return {
      metrics: { p50: ms(50), p99: ms(99) },
      distribution: distribution(this.samples),
      note: `producer writes p50 ${this.writeP50.toFixed(2)} ms`,
    };
  }
}
