import { createMessaging, Messaging, QueueHistoryBucket } from '../../src';
import type { ConformanceHarness } from './conformance-harness';
import { pause, waitFor } from '@tenaz/test-kit';

/**
 * The figures an operator reads, from a workload whose latencies the test controls, the same
 * tests for every transport. The delays sit well inside one latency bucket each
 * (latency-histogram.ts: 115 ms in (100, 150], 600 ms in (500, 750]), so the percentiles are
 * known exactly: interpolated inside the bucket, p50 of 8 fast and 2 slow completions is
 * 100 + 50 × 5/8, p95 is 500 + 250 × (9.5 − 8)/2, p99 is 500 + 250 × (9.9 − 8)/2.
 */
const FAST_MS = 115;
const SLOW_MS = 600;
const KNOWN_PROCESSING = { p50: 131.25, p95: 687.5, p99: 737.5 };
/** One bucket holds the whole workload (it takes about a second), unless it crosses an hour. */
const HOUR_MS = 3_600_000;
const WORKLOAD_ROOM_MS = 20_000;

export function describeHealthFigures(harness: ConformanceHarness): void {
  let messaging: Messaging;
  const queue = 'figures';

  beforeAll(() => harness.setUp());
  afterAll(async () => {
    await messaging?.close();
    await harness.tearDown();
  });

  describe(`health figures: ${harness.transport}`, () => {
    it('reports each history bucket and the health window with the counts and latency percentiles of a known workload', async () => {
      messaging = await createMessaging(
        harness.options({ [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 3, baseDelayMs: 10, maxDelayMs: 10 } } }),
      );
      // The hour's bucket must hold the whole workload: near the end of an hour, start in the next one.
      const intoHour = Date.now() % HOUR_MS;
      if (intoHour > HOUR_MS - WORKLOAD_ROOM_MS) {
        await pause(HOUR_MS - intoHour + 10);
      }
      await messaging.consumer.consume(
        queue,
        async (message) => {
          if (message.type === 'reject') return { deadLetter: 'recipient unknown' };
          if (message.type === 'flaky' && message.attempt === 1) throw new Error('first attempt fails');
          await pause(message.type === 'slow' ? SLOW_MS : FAST_MS);
          return undefined;
        },
        { concurrency: 16 },
      );
      // 7 fast, 1 flaky (fails once, then fast), 2 slow, 1 dead-lettered at once: 11 published,
      // 10 completed (8 fast, 2 slow), 2 failed attempts (the flaky one's first, the rejection).
      const types = [...Array<string>(7).fill('fast'), 'flaky', 'slow', 'slow', 'reject'];
      await messaging.publisher.publishMany(types.map((type) => ({ queue, type, payload: {} })));

      const buckets = await waitFor(
        async () => {
          const history = await messaging.healthHistory(queue, { windowMs: HOUR_MS, bucketMs: HOUR_MS });
          return history[0].completed === 10 && history[0].deadLettered === 1 ? history : undefined;
        },
        { description: 'the workload settled' },
      );
      expect(buckets).toHaveLength(1);
      const bucket: QueueHistoryBucket = buckets[0];
      // Depth is sampled every 10 s, the workload takes about one: its test is below.
      expect(bucket).toMatchObject({
        at: new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS),
        published: 11,
        completed: 10,
        failed: 2,
        deadLettered: 1,
        processingMs: KNOWN_PROCESSING,
        endToEndMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
      });
      // End-to-end time runs from due to the durable outcome, so it adds the wait for a consumer
      // and the settlement's write to the processing time: never less than it, by a margin that
      // depends on the machine's load (a few hundred ms on a busy 2-core box): every fast one is
      // past 100 ms, both slow ones past 500 ms.
      expect(bucket.endToEndMs.p50).toBeGreaterThan(100);
      expect(bucket.endToEndMs.p95).toBeGreaterThan(500);
      expect(bucket.endToEndMs.p50).toBeLessThanOrEqual(bucket.endToEndMs.p95);
      expect(bucket.endToEndMs.p95).toBeLessThanOrEqual(bucket.endToEndMs.p99);
      expect(bucket.endToEndMs.p99).toBeLessThan(5_000);

      const health = await messaging.health(queue, { windowMs: 60_000 });
      expect(health).toMatchObject({
        processingMs: KNOWN_PROCESSING,
        endToEndMs: bucket.endToEndMs,
        failureRate: 2 / 12,
        deadLettered: 1,
        slaCompliant: false,
        state: 'breaching',
        // Rates over the 60 s window, to 0.01 a second: 11 / 60 and 10 / 60.
        throughput: { publishedPerSecond: 0.18, completedPerSecond: 0.17 },
      });
      expect(health.reason).toMatch(/1 message was dead-lettered/);
    });

    it('answers every bucket of the window, oldest first, zeros where nothing happened', async () => {
      const history = await messaging.healthHistory(queue, { windowMs: 5 * 60_000, bucketMs: 60_000 });
      expect(history).toHaveLength(5);
      const starts = history.map((bucket) => bucket.at.getTime());
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(starts[4]).toBe(Math.floor(Date.now() / 60_000) * 60_000);
      const quiet = history.filter((bucket) => bucket.published === 0);
      expect(quiet.length).toBeGreaterThanOrEqual(3);
      for (const bucket of quiet) {
        expect(bucket).toMatchObject({
          at: bucket.at,
          published: 0,
          completed: 0,
          failed: 0,
          deadLettered: 0,
          processingMs: { p50: 0, p95: 0, p99: 0 },
          endToEndMs: { p50: 0, p95: 0, p99: 0 },
        });
      }
    });

    it("draws the queue's depth from samples: the backlog while nobody consumes, none once it is drained", async () => {
      const backlog = 'depth';
      const sampled = await createMessaging({ ...harness.options({ [backlog]: { slaMs: 30_000 } }), depthSampleIntervalMs: 1_000 });
      const latestDepth = async () => {
        const history = await sampled.healthHistory(backlog, { windowMs: 5 * 60_000, bucketMs: 60_000 });
        return history[history.length - 1].depth ?? history[history.length - 2].depth;
      };
      try {
        const before = await sampled.healthHistory(backlog, { windowMs: 5 * 60_000, bucketMs: 60_000 });
        expect(before.map((bucket) => bucket.depth)).toEqual([null, null, null, null, null]);

        await sampled.publisher.publishMany(Array.from({ length: 5 }, () => ({ queue: backlog, type: 'waiting', payload: {} })));
        const waiting = await waitFor(
          async () => {
            const depth = await latestDepth();
            return depth?.pending === 5 ? depth : undefined;
          },
          { description: 'a sample of the five waiting messages' },
        );
        expect(waiting).toMatchObject({ pending: 5, processing: 0, deadLettered: 0 });
        expect(waiting?.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);

        await sampled.consumer.consume(backlog, async () => undefined);
        await waitFor(async () => (await latestDepth())?.pending === 0, { description: 'a sample of the drained queue' });
      } finally {
        await sampled.close();
      }
    });
  });
}
