import type { Database } from './database';
import { NOTIFY_COALESCE_WINDOW_MS, QueueNotifier } from './queue-notifier';

/**
 * The coalescing rules alone, on a recording stand-in for the database (the NOTIFYs themselves
 * reach a real LISTEN connection in test/postgres/notify-coalescing.spec.ts).
 */
describe(QueueNotifier.name, () => {
  let sent: string[][];
  let notifier: QueueNotifier;
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

  beforeEach(() => {
    jest.useFakeTimers();
    sent = [];
    const database = {
      schema: 'tenaz',
      query: async (_sql: string, parameters: unknown[]) => void sent.push(parameters[1] as string[]),
    } as unknown as Database;
    notifier = new QueueNotifier(database, 'tenaz.tenaz', quiet);
  });
  afterEach(() => jest.useRealTimers());

  /** Lets the stand-in's query resolve and the notifier react to it. */
  const settle = async () => {
    for (let i = 0; i < 5; i += 1) {
      await Promise.resolve();
    }
  };

  it('sends the first wake-up after a quiet window at once', async () => {
    notifier.notify(['a']);
    await settle();
    expect(sent).toEqual([['a']]);
  });

  it('merges every request within the window into one NOTIFY at its end', async () => {
    notifier.notify(['a']);
    await settle();
    for (let i = 0; i < 100; i += 1) {
      notifier.notify([i % 2 === 0 ? 'a' : 'b']);
    }
    await settle();
    expect(sent).toEqual([['a']]);
    jest.advanceTimersByTime(NOTIFY_COALESCE_WINDOW_MS);
    await settle();
    expect(sent).toEqual([['a'], ['a', 'b']]);
  });

  it('lets a writer wake consumers in its own statement once per window, and makes the rest wait for the window', async () => {
    expect(notifier.takeInline()).toBe(true);
    expect(notifier.takeInline()).toBe(false);
    notifier.notify(['a']);
    await settle();
    expect(sent).toEqual([]);
    jest.advanceTimersByTime(NOTIFY_COALESCE_WINDOW_MS);
    await settle();
    expect(sent).toEqual([['a']]);
    // A planned or running NOTIFY keeps writers from sending their own meanwhile.
    notifier.notify(['b']);
    expect(notifier.takeInline()).toBe(false);
    jest.advanceTimersByTime(NOTIFY_COALESCE_WINDOW_MS);
    await settle();
    expect(sent).toEqual([['a'], ['b']]);
    jest.advanceTimersByTime(NOTIFY_COALESCE_WINDOW_MS);
    expect(notifier.takeInline()).toBe(true);
  });

  it('sends a planned wake-up at once when closing', async () => {
    notifier.notify(['a']);
    await settle();
    notifier.notify(['b']);
    await notifier.idle();
    expect(sent).toEqual([['a'], ['b']]);
  });
});
