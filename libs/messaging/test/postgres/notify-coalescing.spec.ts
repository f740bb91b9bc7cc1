import { Client } from 'pg';
import { createMessaging, Message, Messaging } from '../../src';
import { NOTIFY_COALESCE_WINDOW_MS, QueueNotifier } from '../../src/database/queue-notifier';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { pause, waitFor } from '@tenaz/test-kit';

/**
 * The wake-up NOTIFY of single publishes is coalesced (issue 10: it must not cost a round trip per
 * publish): a loop of awaited publishes sends one per coalescing window, and the last message of
 * a burst is still announced, so consumers that poll once a minute see every message at once.
 */
describe(`${QueueNotifier.name}: coalescing of single publishes`, () => {
  let store: TestSchema;
  let messaging: Messaging;
  let listener: Client;
  const heard: { queue: string; at: number }[] = [];
  const handled: Message[] = [];

  beforeAll(async () => {
    store = await createTestSchema('coalesce');
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      // A one-minute poll: a message handled within seconds was woken by a NOTIFY.
      queues: { coalesced: { slaMs: 10_000, pollIntervalMs: 60_000 } },
      logger: quietLogger(),
    });
    listener = new Client({ connectionString: store.connectionString });
    await listener.connect();
    listener.on(
      'notification',
      (notification) => notification.payload && heard.push({ queue: notification.payload, at: performance.now() }),
    );
    await listener.query(`LISTEN "tenaz.${store.schema}"`);
  });
  afterAll(async () => {
    await listener.end();
    await messaging.close();
    await store.drop();
  });

  it('sends at most one NOTIFY per coalescing window for a loop of awaited single publishes, and announces the last one', async () => {
    const publishes = 300;
    const started = performance.now();
    for (let i = 0; i < publishes; i += 1) {
      const result = await messaging.publisher.publish({ queue: 'coalesced', type: 'loop', payload: { i } });
      expect(result.status).toBe('delivered');
    }
    const lastStored = performance.now();
    // The last publish joined a window at most; its wake-up goes out when that window ends.
    await waitFor(() => heard.some((entry) => entry.at >= lastStored), {
      timeoutMs: 5_000,
      description: 'a NOTIFY after the last publish',
    });
    const elapsed = lastStored - started;
    const sent = heard.filter((entry) => entry.queue === 'coalesced' && entry.at >= started).length;
    // At most one per window, plus the trailing one: a publish here takes 0.5-5 ms depending on
    // the shared server's load, so how many fewer than one per publish depends on it too (the
    // rules themselves: queue-notifier.spec.ts).
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(Math.ceil(elapsed / NOTIFY_COALESCE_WINDOW_MS) + 2);
  });

  it('wakes a consumer at once for a lone publish after a quiet window, and for every message of a burst', async () => {
    const consumer = await messaging.consumer.consume('coalesced', async (message) => void handled.push(message), { concurrency: 4 });
    await waitFor(() => consumer.counts.acked === 300, { timeoutMs: 10_000, description: 'the loop’s 300 messages' });
    await pause(50);
    await messaging.publisher.publish({ queue: 'coalesced', type: 'lone', payload: {} });
    await waitFor(() => handled.some((message) => message.type === 'lone'), {
      timeoutMs: 5_000,
      description: 'the lone message (the poll is a minute away)',
    });
    // A burst of concurrent publishes: their wake-ups merge, none is lost.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => messaging.publisher.publish({ queue: 'coalesced', type: 'burst', payload: { i } })),
    );
    await waitFor(() => handled.filter((message) => message.type === 'burst').length === 50, {
      timeoutMs: 5_000,
      description: 'the burst of 50',
    });
    await consumer.stop();
  });
});
