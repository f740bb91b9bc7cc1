'use strict';

const { waitFor } = require('../lib/timing');
const { QUEUE, prefill, rawClaimAndDelete } = require('../lib/workload');

const CONCURRENCY = 16;
const CLAIM_BATCH = 100;

const groups = [
  {
    name: 'drain-16',
    title: `drain a backlog, concurrency ${CONCURRENCY}, no-op handler`,
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.7 }],
  },
];

/** A handler that does nothing, so the queue's own cost is all that is measured. */
const noop = () => undefined;

const scenarios = [
  {
    name: `raw claim-and-delete ${CLAIM_BATCH} at a time, SKIP LOCKED, ${CONCURRENCY} connections`,
    group: 'drain-16',
    baseline: true,
    async run(ctx) {
      const backlog = ctx.settings.backlog;
      await ctx.createQueueTable();
      await prefill(await ctx.client(), backlog);
      const pool = ctx.pool(CONCURRENCY);
      let drained = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (;;) {
            const { rows } = await pool.query(rawClaimAndDelete(CLAIM_BATCH));
            if (rows.length === 0) {
              return;
            }
            rows.forEach(noop);
            drained += rows.length;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      if (drained !== backlog) {
        throw new Error(`raw drain took ${drained} of ${backlog} messages`);
      }
      return { value: drained / seconds, unit: 'messages/s' };
    },
  },
  {
    name: `tenaz consume, concurrency ${CONCURRENCY}`,
    group: 'drain-16',
    baseline: false,
    async run(ctx) {
      const backlog = ctx.settings.backlog;
      const messaging = await ctx.messaging();
      await prefill(await ctx.client(), backlog);
      const started = performance.now();
      const handle = await messaging.consumer.consume(QUEUE, noop, { concurrency: CONCURRENCY });
      // Done when every message's acknowledgement is written, as the raw delete is its own ack.
      await waitFor(() => handle.counts.acked >= backlog, { timeoutMs: 120_000, what: `${backlog} acknowledgements` });
      const seconds = (performance.now() - started) / 1000;
      await handle.stop();
      const { acked, retried, deadLettered, failedToSettle } = handle.counts;
      if (acked !== backlog || retried + deadLettered + failedToSettle > 0) {
        throw new Error(`tenaz drain settled ${JSON.stringify(handle.counts)} for ${backlog} messages`);
      }
      return { value: backlog / seconds, unit: 'messages/s' };
    },
  },
];

module.exports = { groups, scenarios };
