import { BenchContext } from '../core/context';
import { closeSharedVhost } from '../core/rabbitmq-sandbox';
import { waitFor } from '../core/timing';
import { payload } from '../core/workload';
import { SYSTEM_IDS } from './catalog';
import type { QueueDriver } from './driver';
import { driverInSandbox } from './run-driver';

const settings = { windowMs: 0, latencyWindowMs: 0, backlog: 0, drainDeadlineMs: 0, quick: true };

/**
 * Every driver against the real servers: what enqueueOne and enqueueBatch put in reaches a
 * consumer started with startConsumer, each message intact; and teardown leaves nothing open
 * (the context drops the schema, vhost queues and Redis keys). pg-boss's defaults poll every 2 s,
 * hence the 30 s wait.
 */
describe('QueueDriver', () => {
  afterAll(() => closeSharedVhost());

  it.each(SYSTEM_IDS)('%s: enqueueOne and enqueueBatch reach startConsumer, every message intact', async (system) => {
    const ctx = new BenchContext(settings);
    try {
      const { driver }: { driver: QueueDriver } = await driverInSandbox(ctx, system);
      expect(driver.system.id).toBe(system);
      const received = new Map<string, unknown>();
      const consumer = await driver.startConsumer(4, (message) => received.set(message.notificationId, message));
      ctx.defer(() => consumer.stop());
      const sent = [payload(1), ...Array.from({ length: 5 }, (_, index) => payload(index + 2))];
      await driver.enqueueOne(sent[0]);
      await driver.enqueueBatch(sent.slice(1));
      await waitFor(() => sent.every((message) => received.has(message.notificationId)), {
        timeoutMs: 30_000,
        everyMs: 10,
        what: `6 messages through ${system}`,
      });
      for (const message of sent) {
        expect(received.get(message.notificationId)).toEqual(message);
      }
    } finally {
      await ctx.close();
    }
  });
});
