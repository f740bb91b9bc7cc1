import { Client } from 'pg';
import { createMessaging, Message, Messaging } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { waitFor } from '@tenaz/test-kit';

describe('waking consumers after a caller-owned transaction commits', () => {
  let store: TestSchema;
  let messaging: Messaging;
  let client: Client;
  const handled: Message[] = [];
  const handledAt: number[] = [];

  beforeAll(async () => {
    store = await createTestSchema('txwake');
    // A one-minute poll: a message handled within seconds was woken by the commit watcher.
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { txwake: { slaMs: 10_000, pollIntervalMs: 60_000 } },
      logger: quietLogger(),
    });
    await messaging.consumer.consume('txwake', async (message) => {
      handled.push(message);
      handledAt.push(Date.now());
    });
    client = new Client({ connectionString: store.connectionString });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await messaging.close();
    await store.drop();
  });

  it('wakes consumers once the caller commits, however long its transaction stays open (the poll is a minute away)', async () => {
    await client.query('LISTEN "tenaz.' + store.schema + '"');
    const heard: string[] = [];
    client.on('notification', (n) => n.payload && heard.push(n.payload));

    await client.query('BEGIN');
    await messaging.publisher.publishTransactional({ queue: 'txwake', type: 'slow-commit', payload: {} }, client);
    // A later message, committed at once, is handled while the first one's transaction is open:
    // the consumer was awake and looking, and the uncommitted message was not its to take.
    await messaging.publisher.publish({ queue: 'txwake', type: 'committed-meanwhile', payload: {} });
    await waitFor(() => handled.length === 1, { timeoutMs: 10_000, description: 'the message committed meanwhile' });
    expect(handled.map((message) => message.type)).toEqual(['committed-meanwhile']);
    const committedAt = Date.now();
    await client.query('COMMIT');
    await waitFor(() => handled.length === 2, { timeoutMs: 10_000, description: 'the committed message' });
    // The commit watcher re-checks an open transaction at least every 50 ms, then NOTIFYs: the
    // consumer started 23-49 ms after the commit here. 500 ms leaves room for a busy machine yet
    // fails a wake-up that lags the commit by half a second, or is left to the poll a minute away.
    expect(handled[1].type).toBe('slow-commit');
    expect(handledAt[1] - committedAt).toBeLessThan(500);
    expect(heard).toContain('txwake');
  });

  it('forgets a transaction that rolls back', async () => {
    await client.query('BEGIN');
    const { messageId } = await messaging.publisher.publishTransactional({ queue: 'txwake', type: 'rolled-back', payload: {} }, client);
    await client.query('ROLLBACK');
    await messaging.publisher.publish({ queue: 'txwake', type: 'sentinel', payload: {} });
    await waitFor(() => handled.some((m) => m.type === 'sentinel'), { description: 'the sentinel' });
    expect(handled.some((m) => m.id === messageId)).toBe(false);
  });
});
