import type { BenchContext } from '../core/context';
import type { ScenarioModule, ScenarioResult } from '../core/scenario';
import { throughputFor } from '../core/timing';
import { PUBLISH_OPTIONS, publishInput, rawInsertOne } from '../core/workload';

/** Publishes (or inserts) for a moment before the clock starts: fresh schema, cold caches and JIT. */
const WARM_UP_MS = 300;
const PUBLISHERS = 16;

/** `workers` loops of `operation` (returning messages done), warmed up, then timed. */
async function measure(ctx: BenchContext, workers: number, operation: () => Promise<number>): Promise<ScenarioResult> {
  await throughputFor(WARM_UP_MS, workers, operation);
  return { value: await throughputFor(ctx.settings.windowMs, workers, operation), unit: 'messages/s' };
}

/** 16 concurrent publishers on one Tenaz instance against 16 raw connections (group commit). */
export const publish16: ScenarioModule = {
  groups: [
    {
      name: 'publish-16',
      title: `${PUBLISHERS} concurrent publishers`,
      metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 1.5 }],
    },
  ],
  scenarios: [
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
          const result = await messaging.publisher.publish(publishInput(), PUBLISH_OPTIONS);
          if (result.status !== 'delivered') {
            throw new Error(`publish failed: ${result.error}`);
          }
          return 1;
        });
      },
    },
  ],
};
