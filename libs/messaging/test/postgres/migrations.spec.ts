import { createMessaging } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';

describe('library migrations', () => {
  let store: TestSchema;

  beforeAll(async () => {
    store = await createTestSchema('migrate');
  });
  afterAll(() => store.drop());

  it('lets several processes start together on an empty schema: all succeed, each migration applied once', async () => {
    const options = {
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { jobs: { slaMs: 1_000 } },
      logger: quietLogger(),
    };
    const started = await Promise.all(Array.from({ length: 4 }, () => createMessaging(options)));
    await Promise.all(started.map((messaging) => messaging.close()));

    const ledger = await store.sql.query(`SELECT version, name FROM ${store.table('schema_migrations')} ORDER BY version`);
    expect(ledger.rows).toEqual([{ version: 1, name: 'reliable_messages' }, { version: 2, name: 'inbox' }, ...ledger.rows.slice(2)]);
    expect(new Set(ledger.rows.map((row) => row.version)).size).toBe(ledger.rows.length);

    const again = await createMessaging(options);
    await again.close();
    expect((await store.sql.query(`SELECT count(*)::int AS n FROM ${store.table('schema_migrations')}`)).rows[0].n).toBe(
      ledger.rows.length,
    );
  });
});
