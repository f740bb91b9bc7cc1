import { createMessaging, Message, Messaging } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { waitFor } from '@tenaz/test-kit';

describe('LISTEN/NOTIFY wake-ups and the polling backstop', () => {
  let store: TestSchema;
  let messaging: Messaging | undefined;

  beforeAll(async () => {
    store = await createTestSchema('listen');
  });
  afterEach(async () => {
    await messaging?.close();
    messaging = undefined;
  });
  afterAll(() => store.drop());

  const listenBackends = async (instanceId: string) =>
    (
      await store.sql.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [`tenaz:${instanceId}:listen`])
    ).rows.map((row) => row.pid);

  it('re-establishes the LISTEN connection killed with pg_terminate_backend and keeps delivering in milliseconds', async () => {
    const queue = 'listen_kill';
    const instanceId = `listen-kill-${process.pid}`;
    const logger = quietLogger();
    // A one-minute poll: anything arriving within seconds came through NOTIFY.
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { [queue]: { slaMs: 30_000, pollIntervalMs: 60_000 } },
      instanceId,
      logger,
    });
    const handled: { message: Message; at: number }[] = [];
    await messaging.consumer.consume(queue, async (message) => void handled.push({ message, at: Date.now() }));
    await messaging.publisher.publish({ queue, type: 'before', payload: {} });
    await waitFor(() => handled.length === 1, { description: 'the first message' });

    const [original] = await listenBackends(instanceId);
    expect(original).toEqual(expect.any(Number));
    await store.sql.query('SELECT pg_terminate_backend($1)', [original]);
    const [replacement] = await waitFor(
      async () => {
        const pids = await listenBackends(instanceId);
        return pids.length === 1 && pids[0] !== original ? pids : undefined;
      },
      { description: 'a new LISTEN connection' },
    );
    expect(replacement).not.toBe(original);
    // The new connection is listening once it says so; a NOTIFY before its LISTEN would wait for the poll.
    await waitFor(() => logger.lines.some((line) => line.message === 'LISTEN connection re-established'), {
      description: 'LISTEN on the new connection',
    });

    const publishedAt = Date.now();
    await messaging.publisher.publish({ queue, type: 'after', payload: {} });
    await waitFor(() => handled.length === 2, { timeoutMs: 5_000, description: 'the message after the reconnect' });
    expect(handled[1].message.type).toBe('after');
    // Publish to handler through NOTIFY took 15-22 ms here (publish, NOTIFY, claim: three
    // round trips); 250 ms leaves room for a busy 2-core machine yet fails a wake-up by any poll.
    expect(handled[1].at - publishedAt).toBeLessThan(250);
  });

  it('finds a message whose NOTIFY never came on the next poll', async () => {
    const queue = 'listen_missed';
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { [queue]: { slaMs: 30_000, pollIntervalMs: 300 } },
      logger: quietLogger(),
    });
    const handled: Message[] = [];
    await messaging.consumer.consume(queue, async (message) => void handled.push(message));
    // Written behind the library's back: no NOTIFY is sent for it.
    await store.sql.query(
      `INSERT INTO ${store.table('reliable_messages')} (queue_name, message_type, payload) VALUES ($1, 'silent', '{"n": 1}')`,
      [queue],
    );
    await waitFor(() => handled.length === 1, { timeoutMs: 5_000, description: 'the silently inserted message' });
    expect(handled[0]).toMatchObject({ type: 'silent', payload: { n: 1 }, attempt: 1 });
  });
});
