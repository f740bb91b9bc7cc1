import { createMessaging, DEAD_LETTER_REASONS, Message, Messaging } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { ChildScript, killed, runFixture } from '../helpers/child-process';
import { waitFor } from '@tenaz/test-kit';

/** Starts the hanging consumer in its own process and collects what it reports. */
function startHangingConsumer(store: TestSchema, queue: string, leaseMs: number, concurrency: number): ChildScript {
  const messaging = {
    postgres: { connectionString: store.connectionString, schema: store.schema },
    queues: { [queue]: { slaMs: 30_000, leaseMs, pollIntervalMs: 200 } },
  };
  return runFixture('fixtures/hanging-consumer.js', { messaging, queue, concurrency });
}

describe('crash recovery (PostgreSQL transport)', () => {
  let store: TestSchema;
  let messaging: Messaging | undefined;

  beforeAll(async () => {
    store = await createTestSchema('crash');
  });
  afterEach(async () => {
    await messaging?.close();
    messaging = undefined;
  });
  afterAll(() => store.drop());

  it('hands the messages of a consumer killed with SIGKILL mid-handler to another process once its lease expires', async () => {
    const queue = 'crash_kill';
    const leaseMs = 1_500;
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { [queue]: { slaMs: 30_000, leaseMs, pollIntervalMs: 200 } },
      logger: quietLogger(),
    });
    const published = await messaging.publisher.publishMany(Array.from({ length: 5 }, (_, i) => ({ queue, type: 'job', payload: { i } })));

    const consumer = startHangingConsumer(store, queue, leaseMs, 5);
    const { lines } = consumer;
    await waitFor(() => lines.filter((line) => line.startsWith('started')).length === 5, {
      description: 'the child to start five handlers',
    });
    expect(await messaging.health(queue)).toMatchObject({ processing: 5, pending: 0 });
    await killed(consumer);
    const killedAt = Date.now();
    // The leases as the dead child last renewed them: nothing may be handed over before they lapse.
    const {
      rows: [leases],
    } = await store.sql.query<{ first: Date; last: Date }>(
      `SELECT min(lease_expires_at) AS first, max(lease_expires_at) AS last FROM ${store.table('reliable_messages')} WHERE queue_name = $1`,
      [queue],
    );

    const handled: { message: Message; at: number }[] = [];
    await messaging.consumer.consume(queue, async (message) => void handled.push({ message, at: Date.now() }));
    await waitFor(() => handled.length === 5, { description: 'the five messages after the lease' });
    expect(new Set(handled.map((h) => h.message.id))).toEqual(new Set(published.map((p) => p.messageId)));
    expect(handled.map((h) => h.message.attempt)).toEqual([2, 2, 2, 2, 2]);
    // The child renewed every lease a third of the lease apart until it died, so each ran until at
    // least two thirds of a lease after the kill; a lease honoured for half its length fails here.
    expect(leases.first.getTime() - killedAt).toBeGreaterThanOrEqual((leaseMs * 2) / 3 - 50);
    expect(leases.last.getTime() - killedAt).toBeLessThanOrEqual(leaseMs);
    // Handed over only once the lease lapsed (2 ms: timestamp rounding between Node and PostgreSQL),
    // and promptly: within one poll of the lease's end, with slack for a busy machine.
    const handedOver = handled.map((h) => h.at);
    expect(Math.min(...handedOver)).toBeGreaterThanOrEqual(leases.first.getTime() - 2);
    expect(Math.max(...handedOver) - leases.last.getTime()).toBeLessThan(200 + 1_000);
    await waitFor(async () => (await messaging!.health(queue)).processing === 0, { description: 'the acks' });
  });

  it('dead-letters a message whose attempts all died with their consumer, without running it again', async () => {
    const queue = 'crash_poison';
    const leaseMs = 1_000;
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: {
        [queue]: {
          slaMs: 30_000,
          leaseMs,
          pollIntervalMs: 200,
          retry: { backoff: 'fixed', maxRetries: 1, baseDelayMs: 10, maxDelayMs: 10 },
        },
      },
      logger: quietLogger(),
    });
    const { messageId } = await messaging.publisher.publish({ queue, type: 'poison', payload: {} });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const consumer = startHangingConsumer(store, queue, leaseMs, 1);
      const { lines } = consumer;
      await waitFor(() => lines.some((line) => line === `started ${messageId} ${attempt}`), {
        description: `attempt ${attempt} in a child`,
      });
      await killed(consumer);
    }
    const ran: Message[] = [];
    const told: { id: string; reason: string }[] = [];
    await messaging.consumer.consume(queue, async (message) => void ran.push(message), {
      onDeadLetter: (message, deadLetter) => void told.push({ id: message.id, reason: deadLetter.reason }),
    });
    const [dead] = await waitFor(
      async () => {
        const letters = await messaging!.deadLetters.list(queue);
        return letters.length === 1 ? letters : undefined;
      },
      { description: 'the dead letter' },
    );
    expect(ran).toEqual([]);
    expect(dead).toMatchObject({ id: messageId, attempts: 3, reason: DEAD_LETTER_REASONS.leaseExpiredTooOften });
    expect(dead.lastError).toMatch(/lease expired/);
    await waitFor(() => told.length === 1, { description: 'the onDeadLetter hook' });
    expect(told).toEqual([{ id: messageId, reason: DEAD_LETTER_REASONS.leaseExpiredTooOften }]);
  });
});
