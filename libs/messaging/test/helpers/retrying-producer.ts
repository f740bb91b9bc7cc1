import { randomUUID } from 'node:crypto';
import type { Messaging } from '../../src';
import { pause } from '@tenaz/test-kit';

/**
 * The application's publishing loop: each message keeps its id and is published again until
 * accepted. Records what was accepted (and when), and every refusal's reason.
 */
export class RetryingProducer {
  readonly accepted = new Set<string>();
  /** `Date.now()` of each acceptance, in order. */
  readonly acceptedAt: number[] = [];
  readonly refusals: string[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(messaging: Messaging, queue: string) {
    this.done = (async () => {
      for (let n = 0; this.running; n += 1) {
        const messageId = randomUUID();
        for (;;) {
          const result = await messaging.publisher.publish({ queue, type: 'tick', payload: { n } }, { messageId });
          if (result.status === 'delivered') {
            this.accepted.add(messageId);
            this.acceptedAt.push(Date.now());
            break;
          }
          this.refusals.push(result.error ?? 'no reason');
          await pause(50);
        }
        await pause(5);
      }
    })();
  }

  /** Acceptances at or after `since` (a `Date.now()`). */
  acceptedSince(since: number): number {
    return this.acceptedAt.filter((at) => at >= since).length;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}
