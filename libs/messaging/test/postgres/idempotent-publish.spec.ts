import { createMessaging, deterministicMessageId, Message, Messaging } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { waitFor } from '@tenaz/test-kit';

describe('publishing with a caller-chosen messageId', () => {
  let store: TestSchema;
  let messaging: Messaging;

  beforeAll(async () => {
    store = await createTestSchema('dedupe');
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { dedupe: { slaMs: 1_000 } },
      logger: quietLogger(),
    });
  });
  afterAll(async () => {
    await messaging.close();
    await store.drop();
  });

  it('stores the same messageId once, reports the repeat as a duplicate, and delivers it once', async () => {
    const messageId = deterministicMessageId('tracking-event:acme:evt-42');
    const first = await messaging.publisher.publish({ queue: 'dedupe', type: 'event', payload: { v: 1 } }, { messageId });
    const second = await messaging.publisher.publish({ queue: 'dedupe', type: 'event', payload: { v: 2 } }, { messageId });
    const [inBatch] = await messaging.publisher.publishMany([
      { queue: 'dedupe', type: 'event', payload: { v: 3 }, options: { messageId } },
    ]);
    expect(first).toEqual({ messageId, status: 'delivered' });
    expect(second).toEqual({ messageId, status: 'delivered', duplicate: true });
    expect(inBatch).toEqual({ messageId, status: 'delivered', duplicate: true });
    const rows = await store.sql.query(`SELECT payload FROM ${store.table('reliable_messages')} WHERE id = $1`, [messageId]);
    expect(rows.rows).toEqual([{ payload: { v: 1 } }]);

    const handled: Message[] = [];
    await messaging.consumer.consume('dedupe', async (message) => void handled.push(message));
    // A later message, published after the repeats: anything they wrongly stored comes before it.
    await messaging.publisher.publish({ queue: 'dedupe', type: 'sentinel', payload: { v: 'later' } });
    await waitFor(() => handled.some((m) => m.type === 'sentinel'), { description: 'the later message' });
    expect(handled.map((m) => m.payload)).toEqual([{ v: 1 }, { v: 'later' }]);
  });

  it('derives the same UUID from the same key, and different ones from different keys', () => {
    expect(deterministicMessageId('a')).toBe(deterministicMessageId('a'));
    expect(deterministicMessageId('a')).not.toBe(deterministicMessageId('b'));
    expect(deterministicMessageId('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
