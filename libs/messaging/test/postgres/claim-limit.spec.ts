import { createMessaging } from '../../src';
import { queueStatements } from '../../src/transports/postgres/queue-statements';
import { Pool } from 'pg';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';

describe('claim-messages.sql', () => {
  let store: TestSchema;

  beforeAll(async () => {
    store = await createTestSchema('claim');
    const messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { claims: { slaMs: 1_000 } },
      logger: quietLogger(),
    });
    await messaging.publisher.publishMany(
      Array.from({ length: 500 }, (_, i) => ({ queue: 'claims', type: 't', payload: { i }, options: { priority: i % 3 } })),
    );
    await messaging.close();
  });
  afterAll(() => store.drop());

  it('never takes more rows than asked, and concurrent claimers never take the same row', async () => {
    const statements = queueStatements(store.schema);
    const pool = new Pool({ connectionString: store.connectionString, max: 12 });
    const claimed: string[][] = [];
    try {
      await Promise.all(
        Array.from({ length: 12 }, async (_, claimer) => {
          for (;;) {
            const { rows } = await pool.query<{ id: string }>(statements['claim-messages'], ['claims', 7, 30_000, `claimer-${claimer}`]);
            if (rows.length === 0) return;
            claimed.push(rows.map((row) => row.id));
          }
        }),
      );
    } finally {
      await pool.end();
    }
    expect(Math.max(...claimed.map((batch) => batch.length))).toBeLessThanOrEqual(7);
    const all = claimed.flat();
    expect(all).toHaveLength(500);
    expect(new Set(all).size).toBe(500);
  });
});
