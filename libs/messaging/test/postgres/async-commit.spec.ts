import { Client } from 'pg';
import { createMessaging, Messaging } from '../../src';
import { queueStatements } from '../../src/transports/postgres/queue-statements';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';

/**
 * Claims and acknowledgements commit without waiting for the WAL flush (claim-messages.sql,
 * ack-messages.sql), and only they do: the setting ends with their own transaction, so a
 * publish that runs next on the same pooled connection still commits durably.
 */
describe('asynchronous commits of claims and acknowledgements', () => {
  let store: TestSchema;
  let messaging: Messaging;
  let client: Client;

  beforeAll(async () => {
    store = await createTestSchema('asynccommit');
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { async_commit: { slaMs: 10_000 } },
      logger: quietLogger(),
    });
    client = new Client({ connectionString: store.connectionString });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await messaging.close();
    await store.drop();
  });

  const setting = async () => (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0].synchronous_commit;

  it('turns synchronous_commit off inside the claim and the ack only, leaving the connection durable', async () => {
    const statements = queueStatements(store.schema);
    await messaging.publisher.publishMany(Array.from({ length: 5 }, (_, i) => ({ queue: 'async_commit', type: 't', payload: { i } })));
    expect(await setting()).toBe('on');

    await client.query('BEGIN');
    const claimed = await client.query<{ id: string; attempts: number }>(statements['claim-messages'], ['async_commit', 5, 30_000, 'spec']);
    // Inside the claim's transaction the commit it will make is asynchronous.
    expect(await setting()).toBe('off');
    await client.query('COMMIT');
    expect(claimed.rows).toHaveLength(5);
    expect(await setting()).toBe('on');

    const acked = await client.query(statements['ack-messages'], [
      claimed.rows.map((row) => row.id),
      claimed.rows.map((row) => row.attempts),
    ]);
    expect(acked.rows).toHaveLength(5);
    expect(await setting()).toBe('on');
    const { rows } = await store.sql.query(
      `SELECT count(*)::int AS left FROM ${store.table('reliable_messages')} WHERE queue_name = 'async_commit'`,
    );
    expect(rows[0].left).toBe(0);
  });
});
