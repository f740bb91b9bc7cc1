import { Client, escapeIdentifier, Pool } from 'pg';
import { DataSource } from 'typeorm';
import {
  ConsumerStoppedError,
  createMessaging,
  DEAD_LETTER_REASONS,
  InvalidPayloadError,
  InvalidPriorityError,
  InvalidPublishOptionsError,
  InvalidQueueNameError,
  Message,
  Messaging,
  NotInTransactionError,
  PayloadTooLargeError,
  QueueOptions,
  UnknownQueueError,
} from '../../src';
import { killed, runFixture } from '../helpers/child-process';
import type { ConformanceHarness } from './conformance-harness';
import { pause, waitFor } from '@tenaz/test-kit';

/**
 * The contract of design.md §3 and the guarantees of §4, the same tests for every transport.
 * Each test uses its own queue names, so tests in a file never see each other's messages.
 */
export function describeTransportConformance(harness: ConformanceHarness): void {
  const running: Messaging[] = [];
  let queueCounter = 0;
  const queueName = (label: string) => `${label}_${++queueCounter}`;

  async function start(queues: Record<string, QueueOptions>): Promise<Messaging> {
    const messaging = await createMessaging(harness.options(queues));
    running.push(messaging);
    return messaging;
  }

  /** A consumer that records what it handled, in order. */
  function recorder<T = unknown>() {
    const handled: { message: Message<T>; at: number }[] = [];
    return { handled, handler: async (message: Message<T>) => void handled.push({ message, at: Date.now() }) };
  }

  beforeAll(() => harness.setUp());
  afterEach(async () => {
    await Promise.all(running.splice(0).map((messaging) => messaging.close()));
  });
  afterAll(() => harness.tearDown());

  describe(`transport conformance: ${harness.transport}`, () => {
    it('delivers a message once with its payload and metadata intact', async () => {
      const queue = queueName('meta');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      const { handled, handler } = recorder<{ parcel: string; weightKg: number }>();
      await messaging.consumer.consume(queue, handler);
      const result = await messaging.publisher.publish(
        { queue, type: 'whatsapp', payload: { parcel: 'TN-1', weightKg: 2.5 } },
        { priority: 2, correlationId: 'corr-1', tenantId: 'acme', countryCode: 'MX', headers: { source: 'test' } },
      );
      expect(result).toEqual({ messageId: expect.any(String), status: 'delivered' });
      await waitFor(() => handled.length === 1, { description: 'the message' });
      expect(handled[0].message).toMatchObject({
        id: result.messageId,
        queue,
        type: 'whatsapp',
        payload: { parcel: 'TN-1', weightKg: 2.5 },
        priority: 2,
        attempt: 1,
        correlationId: 'corr-1',
        tenantId: 'acme',
        countryCode: 'MX',
        headers: { source: 'test' },
      });
      expect(handled[0].message.createdAt).toBeInstanceOf(Date);
      await waitFor(async () => (await messaging.health(queue)).processing === 0, { description: 'the ack' });
      // A later message arrives after any second delivery of the first would have.
      await messaging.publisher.publish({ queue, type: 'sentinel', payload: {} });
      await waitFor(() => handled.some((h) => h.message.type === 'sentinel'), { description: 'the later message' });
      expect(handled.map((h) => h.message.type)).toEqual(['whatsapp', 'sentinel']);
    });

    it('hands thousands of messages to parallel consumers in two processes, each exactly once', async () => {
      const queue = queueName('bulk');
      const total = 3_000;
      const config = { [queue]: { slaMs: 30_000, concurrency: 16 } };
      const here = await start(config);
      // The other process is a real one, as the crash tests use: its own connections, its own claims.
      const other = runFixture('conformance/fixtures/competing-consumer.js', { options: harness.options(config), queue });
      try {
        await waitFor(() => other.messages.includes('ready'), { description: 'the other process consuming' });
        const seen = new Map<string, number>();
        const count = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
        const handledHere = new Set<string>();
        await here.consumer.consume(queue, async (message) => {
          count(message.id);
          handledHere.add(message.id);
          await pause(Math.random() < 0.1 ? 2 : 0);
        });
        let reported = 0;
        const collect = () => {
          for (const message of other.messages.slice(reported)) {
            (message as { handled?: string[] }).handled?.forEach(count);
          }
          reported = other.messages.length;
        };
        const ids: string[] = [];
        for (let offset = 0; offset < total; offset += 500) {
          const batch = Array.from({ length: 500 }, (_, i) => ({ queue, type: 'bulk', payload: { n: offset + i } }));
          const results = await here.publisher.publishMany(batch);
          expect(results.every((r) => r.status === 'delivered')).toBe(true);
          ids.push(...results.map((r) => r.messageId));
        }
        await waitFor(() => (collect(), seen.size === total), { timeoutMs: 60_000, description: `${total} distinct messages` });
        // The other process drains, reports the rest and exits; a redelivery would show as a count of 2.
        other.child.send('stop');
        await waitFor(() => other.messages.includes('closed'), { timeoutMs: 30_000, description: 'the other process drained' });
        expect(await other.exited).toBe(0);
        collect();
        await waitFor(async () => (await here.health(queue)).processing === 0, { description: 'every ack' });
        expect([...seen.values()].filter((n) => n > 1)).toEqual([]);
        expect(new Set(ids)).toEqual(new Set(seen.keys()));
        // Both processes took part: the queue was shared, not drained by one of them.
        expect(handledHere.size).toBeGreaterThan(0);
        expect(handledHere.size).toBeLessThan(total);
      } finally {
        await killed(other);
      }
    });

    it('handles higher priorities first under backlog', async () => {
      const queue = queueName('prio');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      const entries = Array.from({ length: 60 }, (_, i) => ({ queue, type: 'p', payload: { i }, options: { priority: i % 3 } }));
      await messaging.publisher.publishMany(entries);
      const { handled, handler } = recorder();
      await messaging.consumer.consume(queue, handler, { concurrency: 1, prefetch: 1 });
      await waitFor(() => handled.length === 60, { description: '60 messages' });
      const priorities = handled.map((h) => h.message.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    });

    it('keeps publish order among messages of one priority', async () => {
      const queue = queueName('fifo');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      await messaging.publisher.publishMany(Array.from({ length: 50 }, (_, i) => ({ queue, type: 'f', payload: { i } })));
      const { handled, handler } = recorder<{ i: number }>();
      await messaging.consumer.consume(queue, handler, { concurrency: 1, prefetch: 10 });
      await waitFor(() => handled.length === 50, { description: '50 messages' });
      expect(handled.map((h) => h.message.payload.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('retries a failing message by its policy, spaced by the backoff, then dead-letters it with its last error', async () => {
      const queue = queueName('retry');
      const messaging = await start({
        [queue]: { slaMs: 30_000, retry: { backoff: 'linear', maxRetries: 3, baseDelayMs: 150, maxDelayMs: 1_000 } },
      });
      const attempts: { attempt: number; at: number }[] = [];
      await messaging.consumer.consume(queue, async (message) => {
        attempts.push({ attempt: message.attempt, at: Date.now() });
        throw new Error(`provider down on attempt ${message.attempt}`);
      });
      const { messageId } = await messaging.publisher.publish({ queue, type: 'sms', payload: { to: 'x' } });
      const [dead] = await waitFor(
        async () => {
          const letters = await messaging.deadLetters.list(queue);
          return letters.length === 1 ? letters : undefined;
        },
        { description: 'the dead letter' },
      );
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
      // Retry n waits 150 ms × n (linear); 2 ms covers timestamp rounding between Node and PostgreSQL.
      for (let n = 1; n <= 3; n += 1) {
        expect(attempts[n].at - attempts[n - 1].at).toBeGreaterThanOrEqual(150 * n - 2);
      }
      expect(dead).toMatchObject({
        id: messageId,
        attempts: 4,
        reason: DEAD_LETTER_REASONS.retriesExhausted,
        lastError: 'Error: provider down on attempt 4',
      });
      expect((await messaging.health(queue)).deadLettered).toBe(1);
    });

    it('lets a per-message maxRetries and retryDelayMs override the queue policy', async () => {
      const queue = queueName('override');
      const messaging = await start({
        [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 } },
      });
      const attempts: number[] = [];
      await messaging.consumer.consume(queue, async (message) => {
        attempts.push(message.attempt);
        throw new Error('always');
      });
      await messaging.publisher.publish({ queue, type: 't', payload: {} }, { maxRetries: 1, retryDelayMs: 50 });
      await waitFor(async () => (await messaging.deadLetters.list(queue)).length === 1, { description: 'the dead letter' });
      expect(attempts).toEqual([1, 2]);
    });

    it('honours a handler asking to retry later or to dead-letter now', async () => {
      const queue = queueName('explicit');
      const messaging = await start({
        [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 5, baseDelayMs: 10, maxDelayMs: 10 } },
      });
      const seen: { type: string; attempt: number; at: number }[] = [];
      await messaging.consumer.consume(queue, async (message) => {
        seen.push({ type: message.type, attempt: message.attempt, at: Date.now() });
        if (message.type === 'later') return message.attempt === 1 ? { retryInMs: 300 } : undefined;
        return { deadLetter: 'recipient unsubscribed' };
      });
      await messaging.publisher.publish({ queue, type: 'later', payload: {} });
      await messaging.publisher.publish({ queue, type: 'reject', payload: {} });
      await waitFor(() => seen.filter((s) => s.type === 'later').length === 2, { description: 'the second attempt' });
      const later = seen.filter((s) => s.type === 'later');
      expect(later[1].at - later[0].at).toBeGreaterThanOrEqual(298);
      const [dead] = await waitFor(
        async () => {
          const letters = await messaging.deadLetters.list(queue);
          return letters.length === 1 ? letters : undefined;
        },
        { description: 'the rejected message' },
      );
      expect(dead).toMatchObject({ type: 'reject', attempts: 1, reason: 'recipient unsubscribed' });
      expect(seen.filter((s) => s.type === 'reject')).toHaveLength(1);
    });

    it('replays a dead letter unchanged and purges others', async () => {
      const queue = queueName('replay');
      const messaging = await start({
        [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 } },
      });
      let healthy = false;
      const handled: Message[] = [];
      await messaging.consumer.consume(queue, async (message) => {
        if (!healthy) throw new Error('not yet');
        handled.push(message);
      });
      const keep = await messaging.publisher.publish(
        { queue, type: 'push', payload: { token: 'abc' } },
        { priority: 1, correlationId: 'c-9', headers: { h: '1' } },
      );
      const drop = await messaging.publisher.publish({ queue, type: 'push', payload: { token: 'zzz' } });
      await waitFor(async () => (await messaging.deadLetters.list(queue)).length === 2, { description: 'two dead letters' });
      expect(await messaging.deadLetters.purge(queue, { ids: [drop.messageId] })).toBe(1);
      healthy = true;
      expect(await messaging.deadLetters.replay(queue, { ids: [keep.messageId] })).toBe(1);
      await waitFor(() => handled.length === 1, { description: 'the replayed message' });
      expect(handled[0]).toMatchObject({
        id: keep.messageId,
        type: 'push',
        payload: { token: 'abc' },
        priority: 1,
        correlationId: 'c-9',
        headers: { h: '1' },
        attempt: 1,
      });
      expect(await messaging.deadLetters.list(queue)).toEqual([]);
      expect((await messaging.health(queue)).deadLettered).toBe(0);
    });

    it('never hands over a delayed message before its time', async () => {
      const queue = queueName('delay');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      const { handled, handler } = recorder();
      await messaging.consumer.consume(queue, handler);
      const publishedAt = Date.now();
      await messaging.publisher.publish({ queue, type: 'later', payload: {} }, { delayMs: 700 });
      await messaging.publisher.publish({ queue, type: 'now', payload: {} });
      await waitFor(() => handled.length === 2, { description: 'both messages' });
      expect(handled.map((h) => h.message.type)).toEqual(['now', 'later']);
      expect(handled[1].at - publishedAt).toBeGreaterThanOrEqual(698);
    });

    it('keeps the lease of a handler that runs longer than leaseMs: no second delivery', async () => {
      const queue = queueName('lease');
      const messaging = await start({ [queue]: { slaMs: 30_000, leaseMs: 1_000, pollIntervalMs: 200 } });
      const attempts: number[] = [];
      let done = false;
      await messaging.consumer.consume(queue, async (message) => {
        attempts.push(message.attempt);
        await pause(2_500);
        done = true;
      });
      await messaging.publisher.publish({ queue, type: 'slow', payload: {} });
      await waitFor(() => done, { timeoutMs: 10_000, description: 'the slow handler' });
      await waitFor(async () => (await messaging.health(queue)).processing === 0, { description: 'the ack' });
      expect(attempts).toEqual([1]);
    });

    it('commits transactional messages with the caller and drops them on rollback (pg client)', async () => {
      const queue = queueName('tx_pg');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      const { handled, handler } = recorder<{ n: string }>();
      await messaging.consumer.consume(queue, handler, { concurrency: 1 });
      const { connectionString, schema } = harness.database();
      const client = new Client({ connectionString });
      await client.connect();
      const table = `${escapeIdentifier(schema)}.tx_pg_orders`;
      try {
        await client.query(`CREATE TABLE ${table} (id text PRIMARY KEY)`);
        await client.query('BEGIN');
        await client.query(`INSERT INTO ${table} VALUES ('kept')`);
        const kept = await messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'kept' } }, client);
        expect(kept.status).toBe('queued');
        const batch = await messaging.publisher.publishManyTransactional(
          [
            { queue, type: 'order', payload: { n: 'batch-1' } },
            { queue, type: 'order', payload: { n: 'batch-2' }, options: { priority: 1 } },
          ],
          client,
        );
        expect(batch.map((r) => r.status)).toEqual(['queued', 'queued']);
        await client.query('COMMIT');

        await client.query('BEGIN');
        await client.query(`INSERT INTO ${table} VALUES ('rolled-back')`);
        await messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'rolled-back' } }, client);
        await client.query('ROLLBACK');

        // Committed after the rollback by the same path: one consumer at a time hands it over after
        // anything the rolled-back transaction might wrongly have stored.
        await client.query('BEGIN');
        await messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'sentinel' } }, client);
        await client.query('COMMIT');
        await waitFor(() => handled.some((h) => h.message.payload.n === 'sentinel'), { description: 'the sentinel' });
        expect(handled.map((h) => h.message.payload.n).sort()).toEqual(['batch-1', 'batch-2', 'kept', 'sentinel']);
        expect((await client.query(`SELECT id FROM ${table}`)).rows).toEqual([{ id: 'kept' }]);
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
      }
    });

    it('commits transactional messages with the caller and drops them on rollback (TypeORM EntityManager)', async () => {
      const queue = queueName('tx_orm');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      const { handled, handler } = recorder<{ n: string }>();
      await messaging.consumer.consume(queue, handler, { concurrency: 1 });
      const { connectionString, schema } = harness.database();
      const dataSource = new DataSource({ type: 'postgres', url: connectionString });
      await dataSource.initialize();
      const table = `${escapeIdentifier(schema)}.tx_orm_orders`;
      try {
        await dataSource.query(`CREATE TABLE ${table} (id text PRIMARY KEY)`);
        await dataSource.transaction(async (manager) => {
          await manager.query(`INSERT INTO ${table} VALUES ('kept')`);
          await messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'kept' } }, manager);
        });
        await expect(
          dataSource.transaction(async (manager) => {
            await manager.query(`INSERT INTO ${table} VALUES ('rolled-back')`);
            await messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'rolled-back' } }, manager);
            throw new Error('business rule failed');
          }),
        ).rejects.toThrow('business rule failed');
        await expect(
          messaging.publisher.publishTransactional({ queue, type: 'order', payload: {} }, dataSource.manager),
        ).rejects.toBeInstanceOf(NotInTransactionError);

        // Committed after the rollback by the same path: handed over after anything it might wrongly have stored.
        await dataSource.transaction((manager) =>
          messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'sentinel' } }, manager),
        );
        await waitFor(() => handled.some((h) => h.message.payload.n === 'sentinel'), { description: 'the sentinel' });
        expect(handled.map((h) => h.message.payload.n).sort()).toEqual(['kept', 'sentinel']);
      } finally {
        await dataSource.destroy();
      }
    });

    it('refuses publishTransactional given a pool, a DataSource or an idle client, and stores nothing', async () => {
      const queue = queueName('tx_none');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      const { handled, handler } = recorder<{ n: string }>();
      await messaging.consumer.consume(queue, handler);
      const { connectionString } = harness.database();
      const pool = new Pool({ connectionString, max: 2 });
      const client = new Client({ connectionString });
      const dataSource = new DataSource({ type: 'postgres', url: connectionString });
      await Promise.all([client.connect(), dataSource.initialize()]);
      try {
        await client.query('SELECT 1');
        const refusals = await Promise.allSettled([
          messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'pool' } }, pool),
          messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'data-source' } }, dataSource),
          messaging.publisher.publishManyTransactional([{ queue, type: 'order', payload: { n: 'idle-client' } }], client),
        ]);
        expect(refusals.map((outcome) => outcome.status === 'rejected' && outcome.reason instanceof NotInTransactionError)).toEqual([
          true,
          true,
          true,
        ]);
        expect((refusals[0] as PromiseRejectedResult).reason.message).toMatch(/Pool/);

        // Written after the refusals, by the same path a wrongly stored message would take: it arrives after them.
        await client.query('BEGIN');
        await messaging.publisher.publishTransactional({ queue, type: 'order', payload: { n: 'sentinel' } }, client);
        await client.query('COMMIT');
        await waitFor(() => handled.some((h) => h.message.payload.n === 'sentinel'), { description: 'the sentinel' });
        expect(handled.map((h) => h.message.payload.n)).toEqual(['sentinel']);
      } finally {
        await Promise.all([pool.end(), client.end(), dataSource.destroy()]);
      }
    });

    it('rejects bad input with typed errors and stores nothing for it', async () => {
      const queue = queueName('bad');
      const messaging = await start({ [queue]: { slaMs: 30_000, maxPayloadBytes: 1_024 } });
      const publish = (input: object, options?: object) => messaging.publisher.publish(input as never, options as never);
      const circular: Record<string, unknown> = {};
      circular['self'] = circular;

      await expect(publish({ queue: 'nowhere', type: 't', payload: {} })).rejects.toBeInstanceOf(UnknownQueueError);
      await expect(publish({ queue: 'Bad Name!', type: 't', payload: {} })).rejects.toBeInstanceOf(InvalidQueueNameError);
      await expect(publish({ queue, type: 't', payload: {} }, { priority: 3 })).rejects.toBeInstanceOf(InvalidPriorityError);
      await expect(publish({ queue, type: 't', payload: {} }, { priority: 1.5 })).rejects.toBeInstanceOf(InvalidPriorityError);
      await expect(publish({ queue, type: 't', payload: undefined })).rejects.toBeInstanceOf(InvalidPayloadError);
      await expect(publish({ queue, type: 't', payload: circular })).rejects.toBeInstanceOf(InvalidPayloadError);
      await expect(publish({ queue, type: 't', payload: { n: BigInt(1) } })).rejects.toBeInstanceOf(InvalidPayloadError);
      await expect(publish({ queue, type: 't', payload: { text: 'nul\u0000' } })).rejects.toBeInstanceOf(InvalidPayloadError);
      await expect(publish({ queue, type: 't', payload: { text: 'x'.repeat(2_000) } })).rejects.toBeInstanceOf(PayloadTooLargeError);
      await expect(publish({ queue, type: '', payload: {} })).rejects.toBeInstanceOf(InvalidPublishOptionsError);
      await expect(
        publish({ queue, type: 't', payload: {} }, { delayMs: -1, messageId: 'not-a-uuid', countryCode: 'mexico', colour: 'red' }),
      ).rejects.toThrow(/delayMs.*countryCode.*messageId|unknown option/);
      await expect(publish({ queue, type: 't', payload: {} }, { requireAcknowledgment: false })).rejects.toMatchObject({
        code: 'INVALID_PUBLISH_OPTIONS',
      });
      await expect(
        messaging.publisher.publishMany([
          { queue, type: 't', payload: { ok: true } },
          { queue, type: 't', payload: undefined },
        ]),
      ).rejects.toBeInstanceOf(InvalidPayloadError);
      await expect(messaging.consumer.consume('nowhere', async () => undefined)).rejects.toBeInstanceOf(UnknownQueueError);

      const { handled, handler } = recorder<{ good?: boolean }>();
      await messaging.consumer.consume(queue, handler, { concurrency: 1 });
      // Published after every refusal: one consumer at a time hands it over after anything refused but stored.
      await messaging.publisher.publish({ queue, type: 't', payload: { good: true } });
      await waitFor(() => handled.some((h) => h.message.payload.good), { description: 'the good message' });
      expect(handled.map((h) => h.message.payload)).toEqual([{ good: true }]);
    });

    it('refuses a string PostgreSQL cannot hold for its own publish only, while 200 others combine around it', async () => {
      const queue = queueName('strings');
      const messaging = await start({ [queue]: { slaMs: 30_000, concurrency: 16 } });
      const { handled, handler } = recorder<{ n: number; text?: string }>();
      await messaging.consumer.consume(queue, handler);
      const publish = (payload: { n: number; text?: string }, type = 't', options?: object) =>
        messaging.publisher.publish({ queue, type, payload }, options as never);
      // All in one turn of the event loop: on PostgreSQL they share one combined INSERT.
      const good = Array.from({ length: 200 }, (_, n) => publish({ n }));
      const lookalike = publish({ n: 200, text: '\\u0000 and \\ud800 are plain text here' });
      const bad = [
        publish({ n: -1, text: 'CANARY-1 \ud800' }),
        publish({ n: -2, text: 'CANARY-2 \u0000' }),
        publish({ n: -3 }, 'CANARY-3\udc00'),
        publish({ n: -4 }, 't', { headers: { note: 'CANARY-4\u0000' } }),
        publish({ n: -5 }, 't', { correlationId: 'CANARY-5\ud800' }),
        publish({ n: -6, ['CANARY-6\ud800']: 1 } as never),
      ];
      const badOutcomes = await Promise.allSettled(bad);
      expect(badOutcomes.map((outcome) => outcome.status)).toEqual(bad.map(() => 'rejected'));
      const errors = badOutcomes.map((outcome) => (outcome as PromiseRejectedResult).reason);
      expect(errors.map((error) => error.constructor)).toEqual([
        InvalidPayloadError,
        InvalidPayloadError,
        InvalidPublishOptionsError,
        InvalidPublishOptionsError,
        InvalidPublishOptionsError,
        InvalidPayloadError,
      ]);
      expect(errors.map((error) => error.message)).toEqual([
        expect.stringMatching(/lone UTF-16 surrogate/),
        expect.stringMatching(/NUL/),
        expect.stringMatching(/^invalid publish options: type: .*surrogate/),
        expect.stringMatching(/headers\.note: .*NUL/),
        expect.stringMatching(/correlationId: .*surrogate/),
        expect.stringMatching(/surrogate/),
      ]);
      expect(errors.map((error) => error.message).join(' ')).not.toMatch(/CANARY/);
      const results = await Promise.all([...good, lookalike]);
      expect(results.map((result) => result.status)).toEqual(results.map(() => 'delivered'));
      await waitFor(() => handled.length === 201, { description: 'the 201 storable messages' });
      expect(handled.map((h) => h.message.payload.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 201 }, (_, n) => n));
      expect(handled.find((h) => h.message.payload.n === 200)?.message.payload.text).toBe('\\u0000 and \\ud800 are plain text here');
    });

    it('stops gracefully: buffered messages go back unstarted, the running one finishes', async () => {
      const queue = queueName('stop');
      const messaging = await start({ [queue]: { slaMs: 30_000 } });
      await messaging.publisher.publishMany(Array.from({ length: 5 }, (_, i) => ({ queue, type: 't', payload: { i } })));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const started: number[] = [];
      const handle = await messaging.consumer.consume<{ i: number }>(
        queue,
        async (message) => {
          started.push(message.payload.i);
          await gate;
        },
        { concurrency: 1, prefetch: 5 },
      );
      await waitFor(() => started.length === 1, { description: 'the first handler' });
      await waitFor(async () => (await messaging.health(queue)).processing === 5, { description: 'five held' });
      const stopping = handle.stop({ timeoutMs: 5_000 });
      await waitFor(async () => (await messaging.health(queue)).pending === 4, { description: 'four released' });
      release();
      await stopping;
      expect(handle.counts).toMatchObject({ acked: 1, released: 4 });

      const { handled, handler } = recorder<{ i: number }>();
      await messaging.consumer.consume(queue, handler);
      await waitFor(() => handled.length === 4, { description: 'the released four' });
      expect(handled.map((h) => h.message.attempt)).toEqual([1, 1, 1, 1]);
      expect(handled.map((h) => h.message.payload.i).sort()).toEqual([1, 2, 3, 4]);
    });

    it('aborts the signal of a handler still running when the drain timeout passes; a handler that gives up leaves its message to be handled again', async () => {
      const queue = queueName('stop_signal');
      const messaging = await start({ [queue]: { slaMs: 30_000, leaseMs: 2_000 } });
      const { messageId } = await messaging.publisher.publish({ queue, type: 't', payload: {} });
      const told: { reason: unknown; at: number }[] = [];
      let started = false;
      const handle = await messaging.consumer.consume(
        queue,
        async (_message, context) => {
          started = true;
          // Runs until told to stop, then gives up as a handler honouring its signal does.
          await new Promise<void>((_resolve, reject) =>
            context.signal.addEventListener('abort', () => {
              told.push({ reason: context.signal.reason, at: Date.now() });
              reject(context.signal.reason);
            }),
          );
        },
        { concurrency: 1 },
      );
      await waitFor(() => started, { description: 'the handler to start' });
      const stoppedAt = Date.now();
      await handle.stop({ timeoutMs: 300 });
      expect(told).toHaveLength(1);
      expect(told[0]!.reason).toBeInstanceOf(ConsumerStoppedError);
      expect(told[0]!.at - stoppedAt).toBeGreaterThanOrEqual(300 - 5);
      expect(handle.counts.acked).toBe(0);

      const { handled, handler } = recorder();
      await messaging.consumer.consume(queue, handler);
      await waitFor(() => handled.length === 1, { timeoutMs: 15_000, description: 'the message handled again' });
      expect(handled[0]!.message.id).toBe(messageId);
      expect(handled[0]!.message.attempt).toBe(2);
    });

    it('reports health: backlog and SLA breach without consumers, latency and failure rate after', async () => {
      const queue = queueName('health');
      const messaging = await start({
        [queue]: { slaMs: 300, retry: { backoff: 'fixed', maxRetries: 1, baseDelayMs: 10, maxDelayMs: 10 } },
      });
      expect(await messaging.health(queue)).toMatchObject({
        pending: 0,
        processing: 0,
        deadLettered: 0,
        failureRate: 0,
        slaMs: 300,
        slaCompliant: true,
      });
      await messaging.publisher.publishMany(Array.from({ length: 4 }, (_, i) => ({ queue, type: i === 0 ? 'flaky' : 't', payload: {} })));
      const backlog = await waitFor(
        async () => {
          const health = await messaging.health(queue);
          return health.oldestPendingAgeMs > 300 ? health : undefined;
        },
        { description: 'an SLA breach' },
      );
      expect(backlog).toMatchObject({ pending: 4, slaCompliant: false });

      await messaging.consumer.consume(queue, async (message) => {
        if (message.type === 'flaky' && message.attempt === 1) throw new Error('first attempt fails');
      });
      // The last ack's row is gone a moment before its consumer has counted it (the count follows
      // the ack's reply): wait for the figures to settle too, not only for the table to drain.
      const after = await waitFor(
        async () => {
          const health = await messaging.health(queue);
          return health.pending === 0 && health.processing === 0 && health.failureRate > 0 && health.failureRate < 0.25
            ? health
            : undefined;
        },
        { description: 'the drained queue and its five attempts counted' },
      );
      // 5 attempts (4 messages, one retried), 1 failed.
      expect(after.failureRate).toBeCloseTo(1 / 5, 5);
      expect(after.p95EndToEndMs).toBeGreaterThan(300);
      expect(after.avgProcessingMs).toBeGreaterThanOrEqual(0);
    });
  });
}
