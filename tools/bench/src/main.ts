#!/usr/bin/env node
/**
 * `npm run bench`: Tenaz beside raw baselines and the systems users would pick instead, on this
 * machine, in the same run. Within each group every scenario runs once per round, the order
 * reversed every other round; the report shows medians (min–max), ratios against the raw
 * baseline and against Tenaz, and the goals of issue 10 as met or missed. Every scenario run gets
 * a fresh PostgreSQL schema (and vhost, Redis prefix), dropped afterwards.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { databaseUrl } from './core/context';
import { currentCommit, describeEnvironment, loadAverage } from './core/environment';
import { closeSharedVhost } from './core/rabbitmq-sandbox';
import { buildRegistry } from './core/registry';
import { currentContext, runGroup } from './core/run-group';
import type { BenchSettings } from './core/settings';
import type { GroupSummary } from './core/summary';
import { writeCharts } from './output/charts';
import { summaryTable } from './output/console-summary';
import { markdownReport } from './output/markdown';
import { commandOf, renderRecords } from './output/render-run';
import { scaling } from './scaling/scaling.bench';
import { publish16 } from './scenarios/publish-16.bench';
import { rabbitmq } from './scenarios/rabbitmq.bench';
import { notifications } from './services/notifications.bench';
import { tracking } from './services/tracking.bench';
import { SYSTEM_IDS } from './systems/catalog';
import { comparison } from './systems/comparison.bench';

/** Groups `--quick` runs: the comparison of every system, nothing else. */
const QUICK_GROUPS = ['drain-16', 'drain-1', 'publish-one', 'publish-many', 'latency-200'];

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError('a positive integer');
  }
  return value;
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('a positive number');
  }
  return value;
}

const program = new Command()
  .name('bench')
  .description(
    'Tenaz beside raw baselines, pg-boss, graphile-worker, BullMQ and NestJS microservices: medians of interleaved rounds, ratios and goals',
  )
  .option('--quick', 'every system in the comparison groups, small backlog and windows, one round (under two minutes)')
  .option('--rounds <n>', 'interleaved rounds per group (default 5; 1 with --quick)', positiveInteger)
  .option('--only <groups...>', 'run only these groups (space or comma separated)')
  .option('--seconds <s>', 'measured window of each throughput run (default 4; 0.5 with --quick)', positiveNumber)
  .option('--latency-seconds <s>', 'measured window of each latency run, after its warm-up (default 10; 1 with --quick)', positiveNumber)
  .option('--backlog <n>', 'messages in each drain backlog (default 30000; 3000 with --quick)', positiveInteger)
  .option('--drain-deadline-seconds <s>', 'a drain still running then reports its rate so far (default 30; 5 with --quick)', positiveNumber)
  .option(
    '--systems <ids...>',
    'in the comparison groups, run only these systems (space or comma separated; for quick A/B runs, the goals need the raw and compared systems)',
  )
  .option('--list', 'list the groups and scenarios, run nothing')
  .option(
    '--render <results...>',
    "run nothing: write results.md and the charts again from result files (later files replace same-named groups) into the first one's directory",
  )
  .option('--out-dir <dir>', 'where results.json, results.md and the charts go (default tools/bench/results/<timestamp>)')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const options = program.opts();
  const quick = Boolean(options['quick']);
  const registry = buildRegistry([
    { source: 'systems/comparison.bench', module: comparison },
    { source: 'scenarios/publish-16.bench', module: publish16 },
    { source: 'scaling/scaling.bench', module: scaling },
    { source: 'scenarios/rabbitmq.bench', module: rabbitmq },
    { source: 'services/notifications.bench', module: notifications },
    { source: 'services/tracking.bench', module: tracking },
  ]);
  const only: string[] | undefined =
    (options['only'] as string[] | undefined)?.flatMap((entry) => entry.split(',')).filter(Boolean) ?? (quick ? QUICK_GROUPS : undefined);
  const unknown = (only ?? []).filter((name) => !registry.groups.some((group) => group.name === name));
  if (unknown.length > 0) {
    program.error(`unknown group(s): ${unknown.join(', ')}; known: ${registry.groups.map((group) => group.name).join(', ')}`);
  }
  const groups = registry.groups.filter((group) => !only || only.includes(group.name));
  const systems: string[] | undefined = (options['systems'] as string[] | undefined)?.flatMap((entry) => entry.split(',')).filter(Boolean);
  const unknownSystems = (systems ?? []).filter((id) => !(SYSTEM_IDS as readonly string[]).includes(id));
  if (unknownSystems.length > 0) {
    program.error(`unknown system(s): ${unknownSystems.join(', ')}; known: ${SYSTEM_IDS.join(', ')}`);
  }
  // Scenarios without a system (the non-comparison groups) always run.
  const selected = registry.scenarios.filter((scenario) => !systems || !scenario.system || systems.includes(scenario.system.id));
  if (options['render']) {
    console.log(`report and charts written to ${await renderRecords(options['render'] as string[])}`);
    return;
  }
  if (options['list']) {
    for (const group of registry.groups) {
      console.log(`${group.name}${QUICK_GROUPS.includes(group.name) ? ' (quick)' : ''}: ${group.title}`);
      for (const scenario of registry.scenarios.filter((entry) => entry.group === group.name)) {
        console.log(`  ${scenario.baseline ? 'baseline ' : 'candidate'}  ${scenario.name}  (${scenario.source})`);
      }
    }
    return;
  }

  const rounds: number = options['rounds'] ?? (quick ? 1 : 5);
  const settings: BenchSettings = {
    windowMs: (options['seconds'] ?? (quick ? 0.5 : 4)) * 1000,
    latencyWindowMs: (options['latencySeconds'] ?? (quick ? 1 : 10)) * 1000,
    backlog: options['backlog'] ?? (quick ? 3_000 : 30_000),
    drainDeadlineMs: (options['drainDeadlineSeconds'] ?? (quick ? 5 : 30)) * 1000,
    quick,
  };
  const environment = await describeEnvironment(databaseUrl());
  console.log(`bench: ${rounds} round(s), ${groups.length} groups${quick ? ' (quick)' : ''}`);
  console.log(
    `  ${environment.postgres}; node ${process.version}; ${environment.cpus} CPUs; load average ${environment.loadStart.join(' ')}; redis ${environment.redis}`,
  );

  const startedAt = new Date();
  const summaries: GroupSummary[] = [];
  try {
    for (const group of groups) {
      summaries.push(
        await runGroup(
          group,
          selected.filter((scenario) => scenario.group === group.name),
          rounds,
          settings,
        ),
      );
    }
  } finally {
    await closeSharedVhost();
  }
  const finishedAt = new Date();
  environment.loadEnd = loadAverage();

  console.log(`\nmedians of ${rounds} round(s) (ratio = candidate / reference)\n`);
  console.log(summaryTable(summaries));
  console.log(
    `\nload average at start ${environment.loadStart.join(' ')}, at end ${environment.loadEnd.join(' ')}; took ${Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000)} s`,
  );

  const directory = resolve(options['outDir'] ?? join(__dirname, '..', 'results', startedAt.toISOString().replace(/[:.]/g, '-')));
  mkdirSync(directory, { recursive: true });
  const record = {
    startedAt,
    finishedAt,
    argv: process.argv.slice(2),
    commit: currentCommit(),
    settings,
    rounds,
    environment,
    groups: summaries,
  };
  writeFileSync(join(directory, 'results.json'), `${JSON.stringify(record, null, 2)}\n`);
  const charts = await writeCharts(summaries, directory);
  const command = commandOf(process.argv.slice(2));
  writeFileSync(
    join(directory, 'results.md'),
    markdownReport(summaries, {
      startedAt,
      finishedAt,
      command,
      commit: record.commit,
      rounds,
      settings: { ...settings },
      environment,
      charts,
    }),
  );
  console.log(`results, report and ${charts.length} charts written to ${directory}`);
  // Another system failing a round (pg-boss's defaults cannot keep up with 200/s) is a result;
  // a raw baseline or Tenaz failing one is a broken run.
  const broken = summaries.some((summary) =>
    summary.scenarios.some((scenario) => scenario.system?.role !== 'alternative' && scenario.rounds.some((round) => round.error)),
  );
  if (broken) {
    process.exitCode = 1;
  }
}

// Ctrl-C: drop the running scenario's schema and the shared vhost before leaving.
process.once('SIGINT', () => {
  console.error('\ninterrupted; dropping the running scenario schema');
  Promise.resolve(currentContext?.close())
    .catch(() => undefined)
    .then(() => closeSharedVhost())
    .catch(() => undefined)
    .finally(() => process.exit(130));
});

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
