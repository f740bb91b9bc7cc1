import type { PoolClient } from 'pg';
import { createMessaging, Messaging } from '../../src';
import { ChildScript, killed, runFixture } from '../helpers/child-process';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { waitFor } from '@tenaz/test-kit';

type ChildEvent =
  | { event: 'ready' }
  | { event: 'handling'; id: string; attempt: number }
  | { event: 'signal'; aborted: boolean; reason: string | null }
  | { event: 'counts'; counts: Record<string, number> };

/**
 * Consumers that stall while holding a message through the inbox: frozen by SIGSTOP, or blocking
 * their own event loop. Another consumer must complete the message within the lease (plus the
 * reclaim interval), the stalled one's effects must not apply a second time, and its late outcome
 * must be refused when it comes back.
 */
describe('stalled consumers (PostgreSQL transport)', () => {
  const leaseMs = 2_000;
  const pollIntervalMs = 500;
  let store: TestSchema;
  let messaging: Messaging | undefined;
  let child: ChildScript | undefined;

  beforeAll(async () => {
    store = await createTestSchema('stalled');
  });
  afterEach(async () => {
    if (child) await killed(child);
    child = undefined;
    await messaging?.close();
    messaging = undefined;
  });
  afterAll(() => store.drop());

  async function setUp(queue: string, mode: 'busy-in-transaction' | 'cpu-bound') {
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { [queue]: { slaMs: 30_000, leaseMs, pollIntervalMs } },
      logger: quietLogger(),
    });
    await store.sql.query(`CREATE TABLE IF NOT EXISTS ${store.table('effects')} (message_id uuid NOT NULL, worker text NOT NULL)`);
    const { messageId } = await messaging.publisher.publish({ queue, type: 'job', payload: {} });
    child = runFixture('postgres/fixtures/inbox-consumer.js', {
      connectionString: store.connectionString,
      schema: store.schema,
      queue,
      leaseMs,
      mode,
      cpuMs: 3 * leaseMs,
    });
    const events = child.messages as ChildEvent[];
    await waitFor(() => events.some((event) => event.event === 'handling' && event.id === messageId), {
      description: 'the child to be in its handler',
    });
    return { messageId, events };
  }

  /** This process takes the message over, through the same inbox, writing its own effect. */
  async function takeOver(queue: string) {
    await messaging!.consumer.consume<unknown, PoolClient>(
      queue,
      async (message, { transaction }) =>
        void (await transaction!.query(`INSERT INTO ${store.table('effects')} (message_id, worker) VALUES ($1, 'parent')`, [message.id])),
      { inbox: 'effects' },
    );
  }

  const effects = async (messageId: string) =>
    (await store.sql.query(`SELECT worker FROM ${store.table('effects')} WHERE message_id = $1 ORDER BY worker`, [messageId])).rows.map(
      (row) => row.worker,
    );
  /** A published message is acknowledged once its ack deleted its row. */
  const acknowledged = async (id: string) =>
    (await store.sql.query(`SELECT 1 FROM ${store.table('reliable_messages')} WHERE id = $1`, [id])).rowCount === 0;
  const lastCounts = (events: ChildEvent[]) =>
    [...events].reverse().find((event): event is Extract<ChildEvent, { event: 'counts' }> => event.event === 'counts')?.counts;

  it('completes a message held by a consumer frozen (SIGSTOP) in its inbox transaction within the lease, and the frozen one applies nothing when it wakes', async () => {
    const queue = 'frozen';
    const { messageId, events } = await setUp(queue, 'busy-in-transaction');
    child!.child.kill('SIGSTOP');
    const frozenAt = Date.now();
    await takeOver(queue);
    await waitFor(() => acknowledged(messageId), { timeoutMs: leaseMs + 20_000, description: 'another consumer to complete the message' });
    const tookMs = Date.now() - frozenAt;
    // Bound: the lease lapses at most leaseMs after the freeze, the next reclaim comes within
    // min(pollIntervalMs, leaseMs / 2), and the frozen transaction is ended by the server once it
    // has sat idle for leaseMs, so the inbox record it holds never blocks the new consumer longer.
    console.info(
      `frozen consumer: message completed elsewhere ${tookMs} ms after the freeze (lease ${leaseMs} ms, reclaim every ${pollIntervalMs} ms)`,
    );
    expect(tookMs).toBeLessThan(leaseMs + pollIntervalMs + 5_000);
    expect(await effects(messageId)).toEqual(['parent']);

    child!.child.kill('SIGCONT');
    await waitFor(() => (lastCounts(events)?.lost ?? 0) === 1, { description: 'the woken consumer to drop its late outcome' });
    expect(lastCounts(events)).toMatchObject({ acked: 0, retried: 0, deadLettered: 0, lost: 1 });
    expect(await effects(messageId)).toEqual(['parent']);
    expect(await acknowledged(messageId)).toBe(true);
  });

  it('aborts the signal of a CPU-bound handler that outlived its lease, refuses its outcome, and keeps the effect once', async () => {
    const queue = 'cpu_bound';
    const { messageId, events } = await setUp(queue, 'cpu-bound');
    await takeOver(queue);
    await waitFor(() => acknowledged(messageId), { timeoutMs: leaseMs + 20_000, description: 'another consumer to complete the message' });
    const signal = await waitFor(
      () => events.find((event): event is Extract<ChildEvent, { event: 'signal' }> => event.event === 'signal'),
      { description: "the stalled handler's signal" },
    );
    expect(signal).toEqual({ event: 'signal', aborted: true, reason: 'LeaseLostError' });
    await waitFor(() => (lastCounts(events)?.lost ?? 0) === 1, { description: 'the stalled consumer to drop its outcome' });
    expect(lastCounts(events)).toMatchObject({ acked: 0, retried: 0, deadLettered: 0, lost: 1 });
    expect(await effects(messageId)).toEqual(['parent']);
    expect(await acknowledged(messageId)).toBe(true);
  });
});
