import type { PoolClient } from 'pg';
import { createMessaging, Messaging } from '../../src';
import { Inbox } from '../../src/core/inbox';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { waitFor } from '@tenaz/test-kit';

describe(`${Inbox.name}: idempotent consumers`, () => {
  let store: TestSchema;
  let messaging: Messaging;
  let effects: string;

  beforeAll(async () => {
    store = await createTestSchema('inbox');
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: {
        inbox_redelivery: { slaMs: 1_000 },
        inbox_rollback: { slaMs: 1_000, retry: { backoff: 'fixed', maxRetries: 3, baseDelayMs: 10, maxDelayMs: 10 } },
      },
      logger: quietLogger(),
    });
    effects = store.table('effects');
    await store.sql.query(`CREATE TABLE ${effects} (message_id uuid, note text)`);
  });
  afterAll(async () => {
    await messaging.close();
    await store.drop();
  });

  const effectsOf = async (messageId: string) =>
    (await store.sql.query(`SELECT note FROM ${effects} WHERE message_id = $1`, [messageId])).rows.map((row) => row.note);
  /** The ack deletes a handled message's row. */
  const acknowledged = async (messageId: string) =>
    (await store.sql.query(`SELECT 1 FROM ${store.table('reliable_messages')} WHERE id = $1`, [messageId])).rowCount === 0;

  it('runs a redelivered message once: the second delivery finds its inbox record and is acknowledged', async () => {
    const runs: number[] = [];
    const consumer = await messaging.consumer.consume<unknown, PoolClient>(
      'inbox_redelivery',
      async (message, { transaction }) => {
        runs.push(message.attempt);
        await transaction!.query(`INSERT INTO ${effects} VALUES ($1, 'charged')`, [message.id]);
      },
      { inbox: 'billing' },
    );
    const { messageId } = await messaging.publisher.publish({ queue: 'inbox_redelivery', type: 'charge', payload: {} });
    await waitFor(() => acknowledged(messageId), { description: 'the first ack' });

    // What a crash between the handler's commit and the ack leaves behind: handled, and delivered again.
    await messaging.publisher.publish({ queue: 'inbox_redelivery', type: 'charge', payload: {} }, { messageId });
    await waitFor(async () => consumer.counts.acked === 2 && (await acknowledged(messageId)), {
      description: 'the redelivery to be acknowledged',
    });

    expect(runs).toEqual([1]);
    expect(await effectsOf(messageId)).toEqual(['charged']);
  });

  it('rolls the handler writes and the inbox record back together when an attempt fails', async () => {
    const runs: number[] = [];
    await messaging.consumer.consume<unknown, PoolClient>(
      'inbox_rollback',
      async (message, { transaction }) => {
        runs.push(message.attempt);
        await transaction!.query(`INSERT INTO ${effects} VALUES ($1, $2)`, [message.id, `attempt ${message.attempt}`]);
        if (message.attempt === 1) throw new Error('provider timeout');
        if (message.attempt === 2) return { retryInMs: 10 };
      },
      { inbox: 'notifier' },
    );
    const { messageId } = await messaging.publisher.publish({ queue: 'inbox_rollback', type: 'notify', payload: {} });
    await waitFor(() => acknowledged(messageId), { description: 'the successful third attempt' });
    expect(runs).toEqual([1, 2, 3]);
    expect(await effectsOf(messageId)).toEqual(['attempt 3']);
    const inbox = await store.sql.query(`SELECT consumer_name FROM ${store.table('inbox')} WHERE message_id = $1`, [messageId]);
    expect(inbox.rows).toEqual([{ consumer_name: 'notifier' }]);
  });
});
