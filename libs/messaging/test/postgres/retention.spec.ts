import { createMessaging, Messaging } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { pause, waitFor } from '@tenaz/test-kit';

describe('retention of finished messages', () => {
  let store: TestSchema;
  let messaging: Messaging;

  beforeAll(async () => {
    store = await createTestSchema('retention');
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { kept: { slaMs: 1_000, retry: { backoff: 'fixed', maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 } } },
      retention: { completedMs: 200, inboxMs: 200, cleanupIntervalMs: 100, cleanupBatchSize: 7 },
      logger: quietLogger(),
    });
  });
  afterAll(async () => {
    await messaging.close();
    await store.drop();
  });

  const count = async (where: string) => (await store.sql.query(`SELECT count(*)::int AS n FROM ${store.table('reliable_messages')} WHERE ${where}`)).rows[0].n as number;

  it('deletes completed messages and inbox records after their retention, in batches, and keeps dead letters', async () => {
    let handled = 0;
    await messaging.consumer.consume('kept', async (message) => {
      handled += 1;
      if (message.type === 'bad') return { deadLetter: 'unwanted' };
    }, { inbox: 'retention-test' });
    await messaging.publisher.publishMany([
      ...Array.from({ length: 50 }, (_, i) => ({ queue: 'kept', type: 'good', payload: { i } })),
      { queue: 'kept', type: 'bad', payload: {} },
    ]);
    await waitFor(() => handled === 51, { description: 'every message handled' });
    // 50 rows at 7 per batch: the cleaner must loop; nothing completed may outlive it.
    await waitFor(async () => (await count(`status = 'completed'`)) === 0, { timeoutMs: 10_000, description: 'completed rows cleaned up' });
    await waitFor(async () => (await store.sql.query(`SELECT count(*)::int AS n FROM ${store.table('inbox')}`)).rows[0].n === 0, { description: 'inbox cleaned up' });
    expect(await count(`status = 'failed'`)).toBe(1);
    expect(await messaging.deadLetters.list('kept')).toHaveLength(1);
  });

  it('vacuums the tables itself when the server runs without autovacuum', async () => {
    const { rows } = await store.sql.query(`SELECT current_setting('autovacuum') = 'on' AS on`);
    const vacuumed = async () =>
      (await store.sql.query(`SELECT last_vacuum IS NOT NULL AS done FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'reliable_messages'`, [store.schema])).rows[0]?.done;
    if (rows[0].on) {
      await pause(500);
      expect(await vacuumed()).toBe(false);
    } else {
      await waitFor(vacuumed, { description: 'a VACUUM of reliable_messages' });
    }
  });
});
