import type { BenchContext } from '../core/context';
import { sql } from '../core/sql-files';
import { payload } from '../core/workload';
import type { QueueDriver, Sandbox } from './driver';
import { createSandbox, settleSchema } from './sandbox';
import { createDriver } from './systems';

/** Messages per enqueueBatch in a prefill: the batch size. */
const PREFILL_BATCH = 1_000;

/** A driver of `system`, set up in a fresh sandbox of `ctx`, torn down by ctx.close(). */
export async function driverInSandbox(
  ctx: BenchContext,
  system: string,
  applicationName?: string,
): Promise<{ driver: QueueDriver; sandbox: Sandbox }> {
  const driver = await createDriver(system);
  const sandbox = await createSandbox(ctx, driver.system.family, {
    sharedVhost: ctx.settings.quick,
    ...(applicationName ? { applicationName } : {}),
  });
  ctx.defer(() => driver.teardown());
  await driver.setup(sandbox);
  return { driver, sandbox };
}

/**
 * Fills the driver's queue with `count` messages (untimed): its own fast path when it has one,
 * else its batch API 1,000 at a time. PostgreSQL systems' tables are then VACUUM ANALYZEd, so
 * every system starts from a settled table with fresh statistics.
 */
export async function prefill(ctx: BenchContext, driver: QueueDriver, sandbox: Sandbox, count: number): Promise<void> {
  if (driver.prefill) {
    await driver.prefill(count);
  } else {
    for (let offset = 0; offset < count; offset += PREFILL_BATCH) {
      await driver.enqueueBatch(Array.from({ length: Math.min(PREFILL_BATCH, count - offset) }, () => payload()));
    }
  }
  if (driver.system.family === 'postgres') {
    await settleSchema(ctx.databaseUrl, sandbox.schema, sql('schema-tables'));
  }
}
