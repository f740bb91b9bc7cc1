import { PriorityGate } from '../../src/transports/rabbitmq/priority-gate';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { waitFor } from '@tenaz/test-kit';

describe(`${PriorityGate.name}: one quorum queue per priority, drained highest first`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('priority');
  });
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('starts every critical message before any high one, and every high before any normal, with parallel handlers', async () => {
    const queue = 'prio_parallel';
    const messaging = await bed.start({ [queue]: { slaMs: 30_000 } });
    // Normal first, critical last: publish order works against priority order.
    for (const priority of [0, 1, 2]) {
      await messaging.publisher.publishMany(
        Array.from({ length: 150 }, (_, i) => ({ queue, type: 'p', payload: { i }, options: { priority } })),
      );
    }
    const started: number[] = [];
    await messaging.consumer.consume(
      queue,
      async (message) => {
        started.push(message.priority);
        await new Promise((resolve) => setImmediate(resolve));
      },
      { concurrency: 4, prefetch: 10 },
    );
    await waitFor(() => started.length === 450, { description: '450 messages' });
    expect(started).toEqual([...started].sort((a, b) => b - a));
  });

  it('lets a critical message published during a backlog of normal ones overtake them', async () => {
    const queue = 'prio_overtake';
    const messaging = await bed.start({ [queue]: { slaMs: 30_000 } });
    await messaging.publisher.publishMany(Array.from({ length: 300 }, (_, i) => ({ queue, type: 'normal', payload: { i } })));
    const started: string[] = [];
    let critical = false;
    let startedWhenConfirmed = -1;
    await messaging.consumer.consume(
      queue,
      async (message) => {
        started.push(message.type);
        if (started.length === 20 && !critical) {
          critical = true;
          await messaging.publisher.publish({ queue, type: 'critical', payload: {} }, { priority: 2 });
          // The other handler goes on while the broker confirms: count from the confirmation.
          startedWhenConfirmed = started.length;
        }
      },
      { concurrency: 2, prefetch: 10 },
    );
    await waitFor(() => started.length === 301, { description: 'all 301 messages' });
    // It waits at most for the normal messages already handed to the handlers (prefetch 10).
    expect(started.indexOf('critical')).toBeLessThan(startedWhenConfirmed + 10 + 2);
    expect(started.indexOf('critical')).toBeLessThan(250);
  });
});
