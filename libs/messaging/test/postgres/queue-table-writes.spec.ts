import { createMessaging, Messaging } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { waitFor } from '@tenaz/test-kit';

interface TableWrites {
  inserted: number;
  updated: number;
  hotUpdated: number;
  deleted: number;
}

/**
 * What a message costs the queue table, read from PostgreSQL's own counters: its insert, its claim
 * and the delete of its acknowledgement; lease renewals are HOT updates that touch no index.
 */
describe('writes on the queue table', () => {
  let store: TestSchema;
  let messaging: Messaging;

  beforeAll(async () => {
    store = await createTestSchema('writes');
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { cheap: { slaMs: 30_000 }, renewed: { slaMs: 30_000, leaseMs: 1_500 } },
      logger: quietLogger(),
    });
  });
  afterAll(async () => {
    await messaging.close();
    await store.drop();
  });

  /**
   * The table's counters once they reach `at least` (each backend publishes its counts at most
   * once a second, so the claims', acks' and inserts' connections report at different moments).
   */
  async function writesReaching(atLeast: TableWrites): Promise<TableWrites> {
    return waitFor(async () => {
      await store.sql.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await store.sql.query<{ inserted: string; updated: string; hot_updated: string; deleted: string }>(
        `SELECT n_tup_ins AS inserted, n_tup_upd AS updated, n_tup_hot_upd AS hot_updated, n_tup_del AS deleted
         FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'reliable_messages'`,
        [store.schema],
      );
      const row = rows[0];
      const writes = row && { inserted: Number(row.inserted), updated: Number(row.updated), hotUpdated: Number(row.hot_updated), deleted: Number(row.deleted) };
      return writes && (Object.keys(atLeast) as (keyof TableWrites)[]).every((key) => writes[key] >= atLeast[key]) ? writes : undefined;
    }, { timeoutMs: 20_000, description: `the table statistics to reach ${JSON.stringify(atLeast)}` });
  }

  it('costs a handled message one write after its claim: the acknowledgement deletes its row', async () => {
    const consumer = await messaging.consumer.consume('cheap', () => undefined, { concurrency: 16 });
    await messaging.publisher.publishMany(Array.from({ length: 500 }, (_, i) => ({ queue: 'cheap', type: 't', payload: { i } })));
    await waitFor(() => consumer.counts.acked === 500, { description: 'the 500 acks' });
    expect(await writesReaching({ inserted: 500, updated: 500, hotUpdated: 0, deleted: 500 })).toEqual({ inserted: 500, updated: 500, hotUpdated: 0, deleted: 500 });
    await consumer.stop();
  });

  it('renews the leases of held messages with HOT updates, touching no index', async () => {
    const before = await writesReaching({ inserted: 500, updated: 500, hotUpdated: 0, deleted: 500 });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const consumer = await messaging.consumer.consume('renewed', () => released, { concurrency: 10 });
    await messaging.publisher.publishMany(Array.from({ length: 10 }, (_, i) => ({ queue: 'renewed', type: 't', payload: { i } })));
    // Renewals come every leaseMs / 3 (500 ms): hold the messages through several.
    await waitFor(async () => {
      await store.sql.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await store.sql.query(`SELECT n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'reliable_messages'`, [store.schema]);
      return rows[0].hot - before.hotUpdated >= 30;
    }, { timeoutMs: 15_000, description: 'three rounds of renewals' });
    release();
    await waitFor(() => consumer.counts.acked === 10, { description: 'the 10 acks' });
    const after = await writesReaching({ inserted: 510, updated: 540, hotUpdated: 30, deleted: 510 });
    const renewals = after.updated - before.updated - 10;
    expect(renewals).toBeGreaterThanOrEqual(30);
    expect(after.hotUpdated - before.hotUpdated).toBe(renewals);
    await consumer.stop();
  });
});
