import { DEAD_LETTER_REASONS, Message } from '../../src';
import { PrioritySubscription } from '../../src/transports/rabbitmq/priority-subscription';
import { killed, runFixture } from '../helpers/child-process';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { waitFor } from '@tenaz/test-kit';

describe(`${PrioritySubscription.name}: consumers killed mid-handler`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('crash');
  });
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  function hangingConsumer(queue: string, concurrency: number, maxRetries: number) {
    const messaging = {
      postgres: { connectionString: bed.store.connectionString, schema: bed.store.schema },
      rabbitmq: { url: bed.vhost.url, outbox: { relay: false } },
      queues: {
        [queue]: { slaMs: 30_000, transport: 'rabbitmq', retry: { backoff: 'fixed', maxRetries, baseDelayMs: 10, maxDelayMs: 10 } },
      },
    };
    return runFixture('fixtures/hanging-consumer.js', { messaging, queue, concurrency });
  }

  it('redelivers the messages of a consumer killed with SIGKILL, counting the lost attempt', async () => {
    const queue = 'crash_kill';
    const messaging = await bed.start({ [queue]: { slaMs: 30_000 } });
    const published = await messaging.publisher.publishMany(Array.from({ length: 5 }, (_, i) => ({ queue, type: 'job', payload: { i } })));

    const child = hangingConsumer(queue, 5, 3);
    await waitFor(() => child.lines.filter((line) => line.startsWith('started')).length === 5, {
      description: 'the child to start five handlers',
    });
    // Held by another process: health sees it through the counts that process records.
    await waitFor(async () => (await messaging.health(queue)).processing === 5, { description: 'five held by the child' });
    expect((await messaging.health(queue)).pending).toBe(0);
    await killed(child);

    const handled: Message[] = [];
    await messaging.consumer.consume(queue, async (message) => void handled.push(message));
    await waitFor(() => handled.length === 5, { description: 'the five messages, redelivered' });
    expect(new Set(handled.map((message) => message.id))).toEqual(new Set(published.map((result) => result.messageId)));
    expect(handled.map((message) => message.attempt)).toEqual([2, 2, 2, 2, 2]);
    await waitFor(async () => (await messaging.health(queue)).processing === 0, { description: 'the acks' });
  });

  it('dead-letters a poison message whose attempts all killed their consumer, without running it again', async () => {
    const queue = 'crash_poison';
    const messaging = await bed.start({
      [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 1, baseDelayMs: 10, maxDelayMs: 10 } },
    });
    const { messageId } = await messaging.publisher.publish({ queue, type: 'poison', payload: {} });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const child = hangingConsumer(queue, 1, 1);
      await waitFor(() => child.lines.includes(`started ${messageId} ${attempt}`), { description: `attempt ${attempt} in a child` });
      await killed(child);
    }
    const ran: Message[] = [];
    await messaging.consumer.consume(queue, async (message) => void ran.push(message));
    const [dead] = await waitFor(
      async () => {
        const letters = await messaging.deadLetters.list(queue);
        return letters.length === 1 ? letters : undefined;
      },
      { description: 'the dead letter' },
    );
    expect(ran).toEqual([]);
    expect(dead).toMatchObject({ id: messageId, attempts: 3, reason: DEAD_LETTER_REASONS.leaseExpiredTooOften });
    expect(dead.lastError).toMatch(/delivered 2 time\(s\) before without an outcome/);
  });
});
