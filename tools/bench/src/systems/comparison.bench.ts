/**
 * Issue 10's comparison: one definition per scenario, run on every system through its driver,
 * rounds interleaved across systems by the runner. Raw SQL and Tenaz on PostgreSQL keep the
 * scenario names of the raw-versus-Tenaz groups they replace, so earlier result files line up.
 */
import { escapeIdentifier } from 'pg';
import type { BenchContext } from '../core/context';
import { LatencyRecorder } from '../core/latency';
import type { Scenario, ScenarioModule, ScenarioResult } from '../core/scenario';
import { sql } from '../core/sql-files';
import { throughputFor } from '../core/timing';
import { payload, rawClaimAndDelete, rawInsertOne } from '../core/workload';
import { BATCH, COMPARISON_GROUPS, RATE } from './comparison-groups';
import { runConsumerFleet } from './consumer-fleet';
import { driverInSandbox, prefill } from './run-driver';
import { SYSTEMS, SYSTEM_IDS, type SystemId } from './catalog';

const WARM_UP_MS = 300;
const LATENCY_WARM_UP_MS = 1_000;
const LATENCY_CONCURRENCY = 16;

/** The names the raw-versus-Tenaz groups gave these two systems' scenarios. */
const KEPT_NAMES: Record<string, Partial<Record<SystemId, string>>> = {
  'drain-16': {
    'raw-postgres': 'raw claim-and-delete 100 at a time, SKIP LOCKED, 16 connections',
    'tenaz-postgres': 'tenaz consume, concurrency 16',
  },
  'publish-one': { 'raw-postgres': 'raw single-row INSERT, 1 connection', 'tenaz-postgres': 'tenaz publish, awaited one at a time' },
  'publish-many': { 'raw-postgres': `raw ${BATCH}-row multi-row INSERT`, 'tenaz-postgres': `tenaz publishMany(${BATCH})` },
  'latency-200': {
    'raw-postgres': 'raw INSERT + NOTIFY trigger, LISTEN consumer claiming with SKIP LOCKED',
    'tenaz-postgres': 'tenaz publish at a steady rate, consume with concurrency 16',
  },
};

/** Throughput of `operation` (returning messages done) in one loop, warmed up, then timed. */
async function measure(ctx: BenchContext, operation: () => Promise<number>): Promise<ScenarioResult> {
  await throughputFor(Math.min(WARM_UP_MS, ctx.settings.windowMs), 1, operation);
  return { value: await throughputFor(ctx.settings.windowMs, 1, operation), unit: 'messages/s' };
}

async function enqueueOne(ctx: BenchContext, system: SystemId): Promise<ScenarioResult> {
  const { driver } = await driverInSandbox(ctx, system);
  return measure(ctx, async () => {
    await driver.enqueueOne(payload());
    return 1;
  });
}

async function enqueueBatch(ctx: BenchContext, system: SystemId): Promise<ScenarioResult> {
  const { driver } = await driverInSandbox(ctx, system);
  return measure(ctx, async () => {
    await driver.enqueueBatch(Array.from({ length: BATCH }, () => payload()));
    return BATCH;
  });
}

/**
 * A pre-filled backlog drained by one consumer process with `concurrency` handlers: messages/s
 * from `go` to the last acknowledgement (or the last handled message, where the system's API
 * does not tell acks), and the process's peak RSS.
 */
async function drain(ctx: BenchContext, system: SystemId, concurrency: number): Promise<ScenarioResult> {
  const backlog = ctx.settings.backlog;
  const { driver, sandbox } = await driverInSandbox(ctx, system);
  await prefill(ctx, driver, sandbox, backlog);
  const fleet = await runConsumerFleet(ctx, {
    system,
    sandbox,
    processes: 1,
    concurrency,
    expected: backlog,
    deadlineMs: ctx.settings.drainDeadlineMs,
  });
  const [consumer] = fleet.processes;
  return {
    metrics: {
      value: { value: fleet.counted / fleet.seconds, unit: 'messages/s' },
      rssMb: { value: Math.round(consumer.maxRssMb * 10) / 10, unit: 'MB' },
    },
    ...(fleet.reachedAll ? {} : { note: `deadline: ${fleet.counted} of ${backlog} handled in ${fleet.seconds.toFixed(1)} s` }),
  };
}

async function latency(ctx: BenchContext, system: SystemId): Promise<ScenarioResult> {
  const { driver } = await driverInSandbox(ctx, system);
  const recorder = new LatencyRecorder();
  const consumer = await driver.startConsumer(LATENCY_CONCURRENCY, (message) => recorder.record(message.sentAt));
  ctx.defer(() => consumer.stop());
  return recorder.drive(latencyOptions(ctx), () => driver.enqueueOne(payload(performance.now())));
}

function latencyOptions(ctx: BenchContext) {
  return {
    rate: RATE,
    warmUpMs: ctx.settings.quick ? 500 : LATENCY_WARM_UP_MS,
    windowMs: ctx.settings.latencyWindowMs,
    drainTimeoutMs: ctx.settings.quick ? 10_000 : 30_000,
  };
}

/**
 * The raw latency baseline is the seed's design rather than the driver's polling consumer: an
 * AFTER INSERT trigger doing pg_notify in the insert's transaction, and a LISTEN connection that
 * on each notification claims-and-deletes up to 100 rows (one claim in flight, repeated while
 * notifications arrived meanwhile). Producers: a pool of 8 connections.
 */
async function rawListenLatency(ctx: BenchContext): Promise<ScenarioResult> {
  await ctx.createQueueTable();
  const setup = await ctx.client();
  await setup.query(sql('notify-trigger'));
  const recorder = new LatencyRecorder();
  const claimer = ctx.pool(1);
  const listener = await ctx.client();
  let claiming = false;
  let again = false;
  const claim = async () => {
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        const { rows } = await claimer.query(rawClaimAndDelete(100));
        const now = performance.now();
        rows.forEach((row) => recorder.record(row.payload.sentAt, now));
        again ||= rows.length === 100;
      } while (again);
    } catch (error) {
      recorder.failure ??= error;
    } finally {
      claiming = false;
    }
  };
  listener.on('notification', () => void claim());
  await listener.query(`LISTEN ${escapeIdentifier(`${ctx.schema}_new_message_bench`)}`);
  const producer = ctx.pool(8);
  return recorder.drive(latencyOptions(ctx), () => producer.query(rawInsertOne(payload(performance.now()))));
}

function scenario(group: string, system: SystemId, run: (ctx: BenchContext) => Promise<ScenarioResult>): Scenario {
  const info = SYSTEMS[system];
  return { name: KEPT_NAMES[group]?.[system] ?? info.label, group, baseline: system === 'raw-postgres', system: info, run };
}

const scenarios: Scenario[] = SYSTEM_IDS.flatMap((system) => [
  scenario('drain-16', system, (ctx) => drain(ctx, system, 16)),
  scenario('drain-1', system, (ctx) => drain(ctx, system, 1)),
  scenario('publish-one', system, (ctx) => enqueueOne(ctx, system)),
  scenario('publish-many', system, (ctx) => enqueueBatch(ctx, system)),
  scenario('latency-200', system, system === 'raw-postgres' ? rawListenLatency : (ctx) => latency(ctx, system)),
]);

export const comparison: ScenarioModule = { groups: COMPARISON_GROUPS, scenarios };
