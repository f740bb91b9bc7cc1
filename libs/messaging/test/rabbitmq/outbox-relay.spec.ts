import { Client } from 'pg';
import { Message } from '../../src';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { killed, runFixture } from '../helpers/child-process';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { waitFor } from '@tenaz/test-kit';

describe(`${OutboxRelay.name} (RabbitMQ queues)`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => (bed = await createRabbitMqTestBed('outbox')));
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('writes a row with the seed and Debezium columns in the caller transaction; NOTIFY wakes a relay at commit', async () => {
    const queue = 'ob_notify';
    // A poll of a minute: only the NOTIFY sent at commit can bring the message within the test.
    const messaging = await bed.start({ [queue]: { slaMs: 30_000 } }, { rabbitmq: { outbox: { pollIntervalMs: 60_000 } } });
    const handled: Message[] = [];
    await messaging.consumer.consume(queue, async (message) => void handled.push(message));
    let messageId = '';
    await bed.inTransaction(async (executor) => {
      const result = await messaging.publisher.publishTransactional(
        { queue, type: 'shipment.picked_up', payload: { parcel: 'TN-9' } },
        executor,
        { correlationId: 'TN-9', priority: 2 },
      );
      expect(result.status).toBe('queued');
      messageId = result.messageId;
    });
    await waitFor(() => handled.length === 1, { timeoutMs: 20_000, description: 'the relayed message' });
    expect(handled[0]).toMatchObject({
      id: messageId,
      type: 'shipment.picked_up',
      payload: { parcel: 'TN-9' },
      priority: 2,
      correlationId: 'TN-9',
    });
    const row = await waitFor(
      async () => {
        const rows = (await bed.sql.query(`SELECT * FROM ${bed.store.table('outbox')} WHERE id = $1`, [messageId])).rows;
        return rows[0]?.status === 'sent' ? rows[0] : undefined;
      },
      { description: 'the row marked sent' },
    );
    expect(row).toMatchObject({
      id: messageId,
      aggregatetype: queue,
      aggregateid: `${queue}//TN-9`,
      type: 'shipment.picked_up',
      payload: { parcel: 'TN-9' },
      retry_count: 0,
    });
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.processed_at).toBeInstanceOf(Date);
  });

  it('keeps each aggregate in order with three relays at once, sending every row once', async () => {
    const queue = 'ob_order';
    const config = { [queue]: { slaMs: 30_000 } };
    const relays = await Promise.all([bed.start(config), bed.start(config), bed.start(config)]);
    const aggregates = ['A', 'B', 'C', 'D', 'E', 'F'];
    const next = new Map(aggregates.map((aggregate) => [aggregate, 0]));
    for (let transaction = 0; transaction < 30; transaction += 1) {
      await bed.inTransaction(async (executor) => {
        for (let row = 0; row < 10; row += 1) {
          const aggregate = aggregates[(transaction * 7 + row * 5) % aggregates.length];
          const n = next.get(aggregate) as number;
          next.set(aggregate, n + 1);
          await relays[transaction % 3].publisher.publishTransactional({ queue, type: 'event', payload: { aggregate, n } }, executor, {
            correlationId: aggregate,
          });
        }
      });
    }
    const handled: { aggregate: string; n: number }[] = [];
    // One handler at a time: the queue's order is what it sees.
    await relays[0].consumer.consume<{ aggregate: string; n: number }>(queue, async (message) => void handled.push(message.payload), {
      concurrency: 1,
      prefetch: 1,
    });
    await waitFor(() => handled.length >= 300, { description: '300 messages' });
    for (const aggregate of aggregates) {
      const sequence = handled.filter((entry) => entry.aggregate === aggregate).map((entry) => entry.n);
      expect(sequence).toEqual(Array.from({ length: next.get(aggregate) as number }, (_, i) => i));
    }
    // A row is marked sent after the broker's confirm, which can come after its delivery: wait for the marks.
    const unsent = async () =>
      (
        await bed.sql.query(`SELECT count(*)::int AS n FROM ${bed.store.table('outbox')} WHERE aggregatetype = $1 AND status <> 'sent'`, [
          queue,
        ])
      ).rows[0].n as number;
    await waitFor(async () => (await unsent()) === 0, { timeoutMs: 10_000, description: 'every row marked sent' });
    expect(handled).toHaveLength(300);
  });

  it('parks a row that keeps failing with its error, holds its aggregate back (both counted in the backlog), and relays both when retried', async () => {
    const queue = 'ob_failing';
    const messaging = await bed.start(
      { [queue]: { slaMs: 30_000 } },
      { rabbitmq: { outbox: { maxAttempts: 2, retryBaseDelayMs: 20, retryMaxDelayMs: 50, pollIntervalMs: 100 } } },
    );
    const channel = await bed.amqp.createChannel();
    await channel.deleteQueue(`tenaz.${queue}.p0`);
    await channel.close();
    const ids: string[] = [];
    await bed.inTransaction(async (executor) => {
      for (const step of ['first', 'second']) {
        ids.push(
          (await messaging.publisher.publishTransactional({ queue, type: step, payload: {} }, executor, { correlationId: 'order-1' }))
            .messageId,
        );
      }
    });
    const [failed] = await waitFor(
      async () => {
        const rows = await messaging.outbox.listFailed();
        return rows.length === 1 ? rows : undefined;
      },
      { description: 'the first row parked as failed' },
    );
    expect(failed).toMatchObject({
      id: ids[0],
      queue,
      aggregateId: `${queue}//order-1`,
      type: 'first',
      attempts: 2,
      lastError: expect.stringMatching(/unroutable/),
    });
    const second = await bed.sql.query(`SELECT status, retry_count FROM ${bed.store.table('outbox')} WHERE id = $1`, [ids[1]]);
    // Written behind the first, it waits out of the claim's way until the first is sent.
    expect(second.rows).toEqual([{ status: 'waiting', retry_count: 0 }]);
    const backlog = await messaging.outbox.backlog();
    expect(backlog.queues.find((entry) => entry.queue === queue)).toEqual({
      queue,
      pending: 1,
      failed: 1,
      oldestPendingAgeMs: expect.any(Number),
    });
    expect(backlog).toMatchObject({ pending: expect.any(Number), failed: 1 });
    expect(backlog.pending).toBeGreaterThanOrEqual(1);

    // The queue is back (a new instance declares it), an operator retries: both go, in order.
    const restored = await bed.start({ [queue]: { slaMs: 30_000 } });
    const handled: string[] = [];
    await restored.consumer.consume(queue, async (message) => void handled.push(message.type), { concurrency: 1 });
    expect(await messaging.outbox.retryFailed({ ids: [ids[0]] })).toBe(1);
    await waitFor(() => handled.length === 2, { description: 'both rows relayed' });
    expect(handled).toEqual(['first', 'second']);
    await waitFor(async () => (await messaging.outbox.backlog()).queues.every((entry) => entry.queue !== queue), {
      description: 'nothing of the queue left unsent',
    });
  });

  it('sends a row again when its relay dies between the broker ack and the mark; the inbox absorbs the duplicate', async () => {
    const queue = 'ob_crash';
    const consumerSide = await bed.start({ [queue]: { slaMs: 30_000 } }, { rabbitmq: { outbox: { relay: false } } });
    await bed.sql.query(`CREATE TABLE ${bed.store.table('ob_crash_effects')} (message_id uuid NOT NULL)`);
    const handle = await consumerSide.consumer.consume(
      queue,
      async (message, context) => {
        await (context.transaction as Client).query(`INSERT INTO ${bed.store.table('ob_crash_effects')} VALUES ($1)`, [message.id]);
      },
      { inbox: 'ob_crash_effects' },
    );
    let messageId = '';
    await bed.inTransaction(async (executor) => {
      messageId = (await consumerSide.publisher.publishTransactional({ queue, type: 'charge', payload: { cents: 500 } }, executor))
        .messageId;
    });

    const relay = runFixture('rabbitmq/fixtures/dying-relay.js', {
      connectionString: bed.store.connectionString,
      schema: bed.store.schema,
      url: bed.vhost.url,
      queue,
    });
    expect(await relay.exited).toBe('SIGKILL');
    expect(relay.lines).toContain('confirmed, not marked');
    await waitFor(() => handle.counts.acked === 1, { description: 'the first copy, handled' });
    const row = await bed.sql.query(`SELECT status FROM ${bed.store.table('outbox')} WHERE id = $1`, [messageId]);
    expect(row.rows).toEqual([{ status: 'pending' }]);

    await bed.start({ [queue]: { slaMs: 30_000 } });
    await waitFor(() => handle.counts.acked === 2, { description: 'the second copy, acknowledged' });
    const effects = await bed.sql.query(`SELECT message_id FROM ${bed.store.table('ob_crash_effects')}`);
    expect(effects.rows).toEqual([{ message_id: messageId }]);
    await waitFor(
      async () =>
        (await bed.sql.query(`SELECT status FROM ${bed.store.table('outbox')} WHERE id = $1`, [messageId])).rows[0].status === 'sent',
      { description: 'the row marked sent' },
    );
    await killed(relay);
  });
});
