import { createMessaging, Messaging } from '../../src';
import { RetentionCleaner } from '../../src/database/retention-cleaner';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { waitFor } from '@tenaz/test-kit';

describe(`${RetentionCleaner.name}: retention of finished messages`, () => {
  let store: TestSchema;
  let messaging: Messaging;

  beforeAll(async () => {
    store = await createTestSchema('retention');
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: {
        kept: { slaMs: 1_000, retry: { backoff: 'fixed', maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 } },
      },
      retention: { inboxMs: 200, cleanupIntervalMs: 100, cleanupBatchSize: 7 },
      logger: quietLogger(),
    });
  });
  afterAll(async () => {
    await messaging.close();
    await store.drop();
  });

  const count = async (where: string) =>
    (await store.sql.query(`SELECT count(*)::int AS n FROM ${store.table('reliable_messages')} WHERE ${where}`)).rows[0].n as number;

  it('deletes handled messages at their ack, inbox records after their retention in batches, and keeps dead letters', async () => {
    let handled = 0;
    const consumer = await messaging.consumer.consume(
      'kept',
      async (message) => {
        handled += 1;
        if (message.type === 'bad') return { deadLetter: 'unwanted' };
      },
      { inbox: 'retention-test' },
    );
    await messaging.publisher.publishMany([
      ...Array.from({ length: 50 }, (_, i) => ({ queue: 'kept', type: 'good', payload: { i } })),
      { queue: 'kept', type: 'bad', payload: {} },
    ]);
    await waitFor(() => handled === 51 && consumer.counts.acked === 50 && consumer.counts.deadLettered === 1, {
      description: 'every message settled',
    });
    expect(await count('true')).toBe(1);
    expect(await count(`status = 'failed'`)).toBe(1);
    // 50 inbox records at 7 per batch: the cleaner must loop.
    await waitFor(async () => (await store.sql.query(`SELECT count(*)::int AS n FROM ${store.table('inbox')}`)).rows[0].n === 0, {
      description: 'inbox cleaned up',
    });
    expect(await messaging.deadLetters.list('kept')).toHaveLength(1);
  });

  it('deletes dead letters once they outlive a retention that is set', async () => {
    const expiring = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { expiring: { slaMs: 1_000, retry: { backoff: 'fixed', maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 } } },
      retention: { deadLetteredMs: 300, cleanupIntervalMs: 100, cleanupBatchSize: 7 },
      logger: quietLogger(),
    });
    try {
      const consumer = await expiring.consumer.consume('expiring', async () => ({ deadLetter: 'unwanted' }));
      await expiring.publisher.publishMany(Array.from({ length: 20 }, (_, i) => ({ queue: 'expiring', type: 'bad', payload: { i } })));
      await waitFor(() => consumer.counts.deadLettered === 20, { description: 'twenty dead letters' });
      await waitFor(async () => (await count(`queue_name = 'expiring'`)) === 0, { description: 'the dead letters to expire' });
      expect(await count(`queue_name = 'kept' AND status = 'failed'`)).toBe(1);
    } finally {
      await expiring.close();
    }
  });

  it('vacuums the tables itself when autovacuum is off for them (on this server, or by a table setting)', async () => {
    // A schema of its own whose queue table opts out of autovacuum, so the cleaner's vacuum runs
    // wherever the suite does: on a server with autovacuum off (all tables) and on one with it on.
    const own = await createTestSchema('retention_vacuum');
    const options = {
      postgres: { connectionString: own.connectionString, schema: own.schema },
      queues: { vacuumed: { slaMs: 1_000 } },
      retention: { cleanupIntervalMs: 100 },
      logger: quietLogger(),
    };
    try {
      await (await createMessaging({ ...options, retention: { cleanupIntervalMs: 60_000 } })).close();
      await own.sql.query(`ALTER TABLE ${own.table('reliable_messages')} SET (autovacuum_enabled = false)`);
      const vacuuming = await createMessaging(options);
      try {
        await waitFor(
          async () =>
            (
              await own.sql.query(
                `SELECT last_vacuum IS NOT NULL AS done FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'reliable_messages'`,
                [own.schema],
              )
            ).rows[0]?.done,
          { timeoutMs: 10_000, description: 'a VACUUM of reliable_messages' },
        );
      } finally {
        await vacuuming.close();
      }
    } finally {
      await own.drop();
    }
  });
});
