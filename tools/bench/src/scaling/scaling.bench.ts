/**
 * The drain with 1, 2 and 4 consumer processes on one database (issue 10, Scaling): each process
 * runs concurrency 16 against one pre-filled backlog. Beside messages/s, the run measures where
 * the CPU went: the consumer processes' own CPU time, and that of the PostgreSQL backends serving
 * their connections (/proc/<pid>/stat of each backend, found by the run's application_name), both
 * as cores busy over the drain (CPU seconds / wall seconds) on this 2-core machine, and what the
 * backends were doing every 100 ms (pg_stat_activity's wait event or state, in the round's note).
 */
import type { BenchContext } from '../core/context';
import type { ScenarioModule, ScenarioResult, Scenario } from '../core/scenario';
import { runConsumerFleet } from '../systems/consumer-fleet';
import { driverInSandbox, prefill } from '../systems/run-driver';
import type { SystemId } from '../systems/catalog';

const CONCURRENCY = 16;
const PROCESS_COUNTS = [1, 2, 4];

const metrics = [
  { key: 'value', label: 'messages/s', direction: 'higher' as const },
  { key: 'consumerCores', label: 'consumer CPU (cores)', direction: 'lower' as const },
  { key: 'postgresCores', label: 'PostgreSQL backends CPU (cores)', direction: 'lower' as const },
];

async function scaledDrain(ctx: BenchContext, system: SystemId, processes: number): Promise<ScenarioResult> {
  const backlog = ctx.settings.backlog;
  const applicationName = `${ctx.schema}_consumers`;
  const { driver, sandbox } = await driverInSandbox(ctx, system, applicationName);
  await prefill(ctx, driver, sandbox, backlog);
  const fleet = await runConsumerFleet(ctx, {
    system,
    sandbox,
    processes,
    concurrency: CONCURRENCY,
    expected: backlog,
    deadlineMs: ctx.settings.drainDeadlineMs,
    applicationName,
  });
  const consumerCpuMs = fleet.processes.reduce((sum, process) => sum + process.cpuMs, 0);
  const cores = (cpuMs: number) => Math.round((cpuMs / 1000 / fleet.seconds) * 100) / 100;
  return {
    metrics: {
      value: { value: fleet.counted / fleet.seconds, unit: 'messages/s' },
      consumerCores: { value: cores(consumerCpuMs), unit: 'cores' },
      postgresCores: { value: cores(fleet.postgres?.cpuMs ?? NaN), unit: 'cores' },
    },
    note:
      `per process handled ${fleet.processes.map((process) => process.handled).join(' / ')}${fleet.reachedAll ? '' : `; deadline: ${fleet.counted} of ${backlog}`}; ` +
      `backends ${(fleet.postgres?.activities ?? [])
        .slice(0, 4)
        .map((entry) => `${entry.activity} ${Math.round(entry.share * 100)}%`)
        .join(', ')}`,
  };
}

function scenarios(system: SystemId, group: string, label: string): Scenario[] {
  return PROCESS_COUNTS.map((processes) => ({
    name: `${label}, ${processes} consumer process${processes > 1 ? 'es' : ''} × concurrency ${CONCURRENCY}`,
    group,
    baseline: processes === 1,
    run: (ctx: BenchContext) => scaledDrain(ctx, system, processes),
  }));
}

export const scaling: ScenarioModule = {
  groups: [
    {
      name: 'drain-scaling',
      title: 'Tenaz (PostgreSQL) drain with 1, 2 and 4 consumer processes on one database (ratio: against 1 process)',
      metrics,
    },
    {
      name: 'drain-scaling-raw',
      title: 'raw claim-and-delete drain with 1, 2 and 4 consumer processes on one database (ratio: against 1 process)',
      metrics,
    },
  ],
  scenarios: [
    ...scenarios('tenaz-postgres', 'drain-scaling', 'tenaz consume'),
    ...scenarios('raw-postgres', 'drain-scaling-raw', 'raw claim-and-delete'),
  ],
};
