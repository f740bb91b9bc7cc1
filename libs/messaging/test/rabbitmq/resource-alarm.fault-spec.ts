import { Registry } from 'prom-client';
import { RabbitMqTransport } from '../../src/transports/rabbitmq/rabbitmq.transport';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { rabbitmqctl, waitFor } from '@tenaz/test-kit';

/**
 * A real RabbitMQ memory alarm: the broker blocks every publishing connection until it clears.
 * Raising it affects every engineer on the machine: run under `flock -x /tmp/tenaz-servers.lock`
 * (the test-faults target), and the watermark is always put back to 0.4 in `finally`.
 */
describe(`${RabbitMqTransport.name} under a resource alarm (connection.blocked)`, () => {
  let bed: RabbitMqTestBed;
  const CONFIRM_TIMEOUT_MS = 1_000;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('alarm');
  });
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('settles every publish within its deadline while blocked, shows the block in health and metrics, and spills to the outbox when configured', async () => {
    const queue = 'alarm_q';
    const registry = new Registry();
    const strict = await bed.start({ [queue]: { slaMs: 30_000 } }, { rabbitmq: { confirmTimeoutMs: CONFIRM_TIMEOUT_MS } });
    const spilling = await bed.start(
      { [queue]: { slaMs: 30_000 } },
      { rabbitmq: { confirmTimeoutMs: CONFIRM_TIMEOUT_MS, spillToOutbox: true }, metrics: { registry } },
    );
    // Both publishing connections have published: the broker blocks publishers.
    expect((await strict.publisher.publish({ queue, type: 'before', payload: {} })).status).toBe('delivered');
    expect((await spilling.publisher.publish({ queue, type: 'before', payload: {} })).status).toBe('delivered');
    const blockedGauge = async () =>
      (await registry.getSingleMetric('tenaz_queue_publish_blocked')?.get())?.values.find((value) => value.labels['queue'] === queue)
        ?.value;
    expect(await blockedGauge()).toBe(0);

    let spilledId = '';
    try {
      await rabbitmqctl('set_vm_memory_high_watermark', '0.0000001');
      // The first publish after the alarm is what makes the broker block the connection (and say
      // so); it is not confirmed, yet it settles within its deadline (before the fix: never).
      const firstAt = Date.now();
      const first = await strict.publisher.publish({ queue, type: 'first-during', payload: {} });
      expect(Date.now() - firstAt).toBeLessThan(CONFIRM_TIMEOUT_MS * 1.25 + 500);
      expect(first).toMatchObject({ status: 'failed', error: expect.stringMatching(/no confirm|blocks publishing/) });
      const health = await waitFor(
        async () => {
          const current = await strict.health(queue);
          return current.publishBlocked ? current : undefined;
        },
        { timeoutMs: 20_000, description: 'health to show the publishing connection blocked' },
      );
      expect(health.blockedReason).toMatch(/memory|alarm/i);
      expect(health.reason).toMatch(/blocked/);
      expect(await strict.ping()).toMatchObject({ rabbitmq: true });

      // Without spilling: failed, with the reason, within the deadline (before the fix it never resolved).
      const startedAt = Date.now();
      const refused = await strict.publisher.publish({ queue, type: 'during', payload: {} });
      expect(Date.now() - startedAt).toBeLessThan(CONFIRM_TIMEOUT_MS + 500);
      expect(refused).toMatchObject({ status: 'failed', error: expect.stringMatching(/blocks publishing/) });

      // With spilling: durable in the outbox within the deadline, and not relayed while the broker blocks.
      const spilledAt = Date.now();
      const spilled = await spilling.publisher.publish({ queue, type: 'spilled', payload: { n: 1 } });
      expect(Date.now() - spilledAt).toBeLessThan(CONFIRM_TIMEOUT_MS * 1.25 + 500);
      expect(spilled.status).toBe('delivered');
      spilledId = spilled.messageId;
      const row = await bed.store.sql.query(`SELECT status FROM ${bed.store.table('outbox')} WHERE id = $1`, [spilledId]);
      expect(row.rows).toEqual([{ status: 'pending' }]);
      await waitFor(async () => (await spilling.health(queue)).publishBlocked, {
        timeoutMs: 20_000,
        description: 'the spilling instance blocked too',
      });
      expect(await blockedGauge()).toBe(1);
      // Later publishes are refused at once while blocked, and spilled.
      const again = Date.now();
      expect((await spilling.publisher.publish({ queue, type: 'spilled-again', payload: {} })).status).toBe('delivered');
      expect(Date.now() - again).toBeLessThan(500);
    } finally {
      await rabbitmqctl('set_vm_memory_high_watermark', '0.4');
    }

    await waitFor(async () => !(await strict.health(queue)).publishBlocked, { timeoutMs: 20_000, description: 'the block lifted' });
    const handled: string[] = [];
    await strict.consumer.consume(queue, async (message) => void handled.push(message.id));
    // Woken by `unblocked`, the relay sends the spilled row.
    await waitFor(() => handled.includes(spilledId), { timeoutMs: 20_000, description: 'the spilled message relayed after the alarm' });
    expect(await blockedGauge()).toBe(0);
  });
});
