import { Client } from 'pg';
import { DeliveryRunner } from '../../src/core/delivery-runner';
import { quietLogger } from '../helpers/quiet-logger';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { pause, TcpProxy, waitFor } from '@tenaz/test-kit';

/**
 * Messages on RabbitMQ consumed through the inbox, whose PostgreSQL goes away (connections reset,
 * new ones refused, as in a restart) while messages keep arriving: the attempts the store fails are
 * given back unstarted, so no message spends its retries on the outage or is dead-lettered, and
 * each is handled once when the database is back. Found by fault scenario 7 on RabbitMQ, where a
 * restart dead-lettered 374 of 10,000 good messages with retries exhausted.
 */
describe(`${DeliveryRunner.name}: the inbox's database down`, () => {
  let bed: RabbitMqTestBed;
  let proxy: TcpProxy;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('inbox_outage');
    const url = new URL(bed.store.connectionString);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  });
  afterAll(async () => {
    proxy?.restore();
    await bed?.closeAll();
    await proxy?.close();
    await bed?.drop();
  });

  it('gives back the attempts the store failed, without spending retries, and handles each message once when it is back', async () => {
    const queue = 'inbox_outage';
    const proxied = new URL(bed.store.connectionString);
    proxied.port = String(proxy.port);
    const logger = quietLogger();
    const messaging = await bed.start(
      // One retry, 10 ms apart: without the give-back, a few seconds of outage dead-letter everything that arrives.
      { [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 1, baseDelayMs: 10, maxDelayMs: 10 } } },
      { postgres: { connectionString: proxied.toString(), schema: bed.store.schema, queryTimeoutMs: 2_000 }, logger },
    );
    const effects = bed.store.table('outage_effects');
    await bed.sql.query(`CREATE TABLE ${effects} (message_id uuid NOT NULL)`);
    await messaging.consumer.consume(
      queue,
      async (message, context) => {
        await (context.transaction as Client).query(`INSERT INTO ${effects} VALUES ($1)`, [message.id]);
      },
      { inbox: 'outage_effects', concurrency: 4 },
    );

    const before = await messaging.publisher.publishMany(Array.from({ length: 20 }, (_, i) => ({ queue, type: 'before', payload: { i } })));
    await waitFor(async () => (await bed.sql.query(`SELECT count(*)::int AS n FROM ${effects}`)).rows[0].n === 20, {
      description: 'the first 20 handled',
    });

    proxy.refuse();
    proxy.cut();
    const during = await messaging.publisher.publishMany(Array.from({ length: 40 }, (_, i) => ({ queue, type: 'during', payload: { i } })));
    await pause(3_000);
    proxy.restore();

    const ids = [...before, ...during].map((receipt) => receipt.messageId);
    const counts = async () =>
      (
        await bed.sql.query<{ message_id: string; n: number }>(
          `SELECT message_id, count(*)::int AS n FROM ${effects} WHERE message_id = ANY ($1::uuid[]) GROUP BY message_id`,
          [ids],
        )
      ).rows;
    await waitFor(async () => (await counts()).length === 60, { timeoutMs: 30_000, description: 'all 60 handled' });
    expect((await counts()).filter((row) => row.n !== 1)).toEqual([]);
    expect(await messaging.deadLetters.count(queue)).toBe(0);
    expect(logger.lines.some((line) => /giving the message back unstarted/.test(line.message ?? ''))).toBe(true);
  }, 60_000);
});
