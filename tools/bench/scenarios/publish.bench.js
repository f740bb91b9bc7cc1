'use strict';

const { throughputFor } = require('../lib/timing');
const { PUBLISH_OPTIONS, publishInput, rawInsertMany, rawInsertOne } = require('../lib/workload');

/** Publishes (or inserts) for a moment before the clock starts: fresh schema, cold caches and JIT. */
const WARM_UP_MS = 300;
const BATCH = 1000;
const PUBLISHERS = 16;

const groups = [
  {
    name: 'publish-one',
    title: 'publish one at a time',
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.9 }],
  },
  {
    name: 'publish-16',
    title: `${PUBLISHERS} concurrent publishers`,
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 1.5 }],
  },
  {
    name: 'publish-many',
    title: `publishMany(${BATCH})`,
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.8 }],
  },
];

/** `workers` loops of `operation` (returning messages done), warmed up, then timed. */
async function measure(ctx, workers, operation) {
  await throughputFor(WARM_UP_MS, workers, operation);
  return { value: await throughputFor(ctx.settings.windowMs, workers, operation), unit: 'messages/s' };
}

const scenarios = [
  {
    name: 'raw single-row INSERT, 1 connection',
    group: 'publish-one',
    baseline: true,
    async run(ctx) {
      await ctx.createQueueTable();
      const pool = ctx.pool(1);
      return measure(ctx, 1, async () => {
        await pool.query(rawInsertOne());
        return 1;
      });
    },
  },
  {
    name: 'tenaz publish, awaited one at a time',
    group: 'publish-one',
    baseline: false,
    async run(ctx) {
      const messaging = await ctx.messaging();
      return measure(ctx, 1, async () => {
        await publishOrThrow(messaging, publishInput());
        return 1;
      });
    },
  },
  {
    name: `raw single-row INSERT, ${PUBLISHERS} connections`,
    group: 'publish-16',
    baseline: true,
    async run(ctx) {
      await ctx.createQueueTable();
      const pool = ctx.pool(PUBLISHERS);
      return measure(ctx, PUBLISHERS, async () => {
        await pool.query(rawInsertOne());
        return 1;
      });
    },
  },
  {
    name: `tenaz publish, ${PUBLISHERS} concurrent callers`,
    group: 'publish-16',
    baseline: false,
    async run(ctx) {
      const messaging = await ctx.messaging();
      return measure(ctx, PUBLISHERS, async () => {
        await publishOrThrow(messaging, publishInput());
        return 1;
      });
    },
  },
  {
    name: `raw ${BATCH}-row multi-row INSERT`,
    group: 'publish-many',
    baseline: true,
    async run(ctx) {
      await ctx.createQueueTable();
      const pool = ctx.pool(1);
      const insertMany = rawInsertMany(BATCH);
      return measure(ctx, 1, async () => {
        await pool.query(insertMany());
        return BATCH;
      });
    },
  },
  {
    name: `tenaz publishMany(${BATCH})`,
    group: 'publish-many',
    baseline: false,
    async run(ctx) {
      const messaging = await ctx.messaging();
      return measure(ctx, 1, async () => {
        const entries = Array.from({ length: BATCH }, () => ({ ...publishInput(), options: PUBLISH_OPTIONS }));
        const results = await messaging.publisher.publishMany(entries);
        const failed = results.find((result) => result.status !== 'delivered');
        if (failed) {
          throw new Error(`publishMany failed: ${failed.error}`);
        }
        return BATCH;
      });
    },
  },
];

/** A `failed` result would otherwise count as a publish: stop the scenario instead. */
async function publishOrThrow(messaging, input) {
  const result = await messaging.publisher.publish(input, PUBLISH_OPTIONS);
  if (result.status !== 'delivered') {
    throw new Error(`publish failed: ${result.error}`);
  }
}

module.exports = { groups, scenarios };
