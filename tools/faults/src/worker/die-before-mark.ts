import { Client } from 'pg';

/** The relay's statement that marks a confirmed row sent (outbox/sql/mark-sent.sql). */
const MARK_SENT = /UPDATE\s+\S*outbox\s+SET status = 'sent'/;

/**
 * Makes this process die with SIGKILL at the worst moment of an outbox relay: the broker has
 * confirmed a batch and the statement marking its rows sent is about to run. The first
 * `marksAllowed` marks go through. Nothing is rolled back: the connection just drops, as when a
 * host dies, and the rows stay pending to be published again.
 */
export function armDeathBeforeMark(marksAllowed: number): void {
  let marks = 0;
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  (Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function interceptMark(
    this: Client,
    ...args: unknown[]
  ) {
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    if (typeof text === 'string' && MARK_SENT.test(text)) {
      marks += 1;
      if (marks > marksAllowed) {
        process.kill(process.pid, 'SIGKILL');
        return new Promise(() => undefined);
      }
    }
    return query.apply(this, args);
  };
}
