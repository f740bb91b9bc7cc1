#!/usr/bin/env node
'use strict';

/**
 * `npm run bench`: Tenaz beside raw-SQL baselines on this machine, in the same run. Within each
 * group the baseline and its candidates alternate for N rounds (the order flips every round, so
 * a drifting background load hits both sides alike); the table shows medians and ratios against
 * the goals of issue 2. Every scenario run gets a fresh PostgreSQL schema, dropped afterwards.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const { Command, InvalidArgumentError } = require('commander');
const { Client } = require('pg');
const { BenchContext, databaseUrl } = require('./lib/context');
const { loadRegistry, metricValues } = require('./lib/registry');
const { formatValue, summarise, summaryTable } = require('./lib/report');

function positiveInteger(text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError('a positive integer');
  }
  return value;
}

function positiveNumber(text) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('a positive number');
  }
  return value;
}

const program = new Command()
  .name('bench')
  .description('Tenaz beside raw PostgreSQL baselines: medians of alternating rounds and ratios against the goals')
  .option('--rounds <n>', 'alternating rounds per group', positiveInteger, 5)
  .option('--only <groups...>', 'run only these groups (space or comma separated)')
  .option('--seconds <s>', 'measured window of each throughput run', positiveNumber, 4)
  .option('--latency-seconds <s>', 'measured window of each latency run (after a 1 s warm-up)', positiveNumber, 10)
  .option('--backlog <n>', 'messages in the drain backlog', positiveInteger, 30_000)
  .option('--list', 'list the groups and scenarios, run nothing')
  .option('--out <file>', 'result file (default tools/bench/results/<timestamp>.json)')
  .showHelpAfterError();

let current;

async function main() {
  program.parse();
  const options = program.opts();
  const registry = loadRegistry();
  const only = options.only?.flatMap((entry) => entry.split(',')).filter(Boolean);
  const unknown = (only ?? []).filter((name) => !registry.groups.some((group) => group.name === name));
  if (unknown.length > 0) {
    program.error(`unknown group(s): ${unknown.join(', ')}; known: ${registry.groups.map((group) => group.name).join(', ')}`);
  }
  const groups = registry.groups.filter((group) => !only || only.includes(group.name));

  if (options.list) {
    for (const group of registry.groups) {
      console.log(`${group.name}: ${group.title}`);
      for (const scenario of registry.scenarios.filter((entry) => entry.group === group.name)) {
        console.log(`  ${scenario.baseline ? 'baseline ' : 'candidate'}  ${scenario.name}  (${scenario.source})`);
      }
    }
    return;
  }

  const settings = { windowMs: options.seconds * 1000, latencyWindowMs: options.latencySeconds * 1000, backlog: options.backlog };
  const environment = await describeEnvironment();
  console.log(`bench: ${options.rounds} rounds, ${groups.length} groups, sources ${registry.sources.join(', ')}`);
  console.log(`  ${environment.postgres}; node ${process.version}; ${environment.cpus} CPUs; load average ${environment.loadStart.join(' ')}`);

  const startedAt = new Date();
  const summaries = [];
  for (const group of groups) {
    const scenarios = registry.scenarios.filter((scenario) => scenario.group === group.name);
    summaries.push(await runGroup(group, scenarios, options.rounds, settings));
  }
  const finishedAt = new Date();
  environment.loadEnd = loadavg().map((value) => Number(value.toFixed(2)));

  console.log(`\nmedians of ${options.rounds} rounds (ratio = candidate / baseline)\n`);
  console.log(summaryTable(summaries));
  console.log(`\nload average at start ${environment.loadStart.join(' ')}, at end ${environment.loadEnd.join(' ')}; took ${Math.round((finishedAt - startedAt) / 1000)} s`);

  const file = options.out ?? join(__dirname, 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(file, '..'), { recursive: true });
  const record = { startedAt, finishedAt, argv: process.argv.slice(2), settings, rounds: options.rounds, environment, groups: summaries };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`results written to ${file}`);
  if (summaries.some((summary) => summary.scenarios.some((scenario) => scenario.rounds.some((round) => round.error)))) {
    process.exitCode = 1;
  }
}

/** One group: rounds alternate baseline-first and candidates-first. */
async function runGroup(group, scenarios, rounds, settings) {
  console.log(`\n== ${group.name}: ${group.title}`);
  const runs = scenarios.map((scenario) => ({ scenario, rounds: [] }));
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 === 1 ? runs : [...runs].reverse();
    for (const run of order) {
      run.rounds.push(await runOnce(group, run.scenario, round, settings));
    }
  }
  return summarise(group, runs);
}

async function runOnce(group, scenario, round, settings) {
  const ctx = new BenchContext(settings);
  current = ctx;
  const started = performance.now();
  let entry;
  try {
    const result = await scenario.run(ctx);
    entry = { round, values: metricValues(group, result), ...(result.note ? { note: String(result.note) } : {}) };
  } catch (error) {
    entry = { round, error: error instanceof Error ? error.message : String(error) };
  }
  try {
    await ctx.close();
  } catch (error) {
    entry.error ??= `cleanup failed: ${error.message}`;
  }
  current = undefined;
  entry.seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const shown = entry.values
    ? Object.entries(entry.values).map(([key, { value, unit }]) => `${key === 'value' ? '' : `${key} `}${formatValue(value)} ${unit}`).join(', ')
    : `ERROR ${entry.error}`;
  const note = entry.note ? `; ${entry.note}` : '';
  console.log(`  round ${round}  ${scenario.baseline ? 'baseline ' : 'candidate'}  ${scenario.name}: ${shown}  (${entry.seconds} s${note})`);
  return entry;
}

async function describeEnvironment() {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT version() AS version, current_setting($1) AS synchronous_commit', ['synchronous_commit']);
    return {
      postgres: `${rows[0].version.split(' on ')[0]} (synchronous_commit ${rows[0].synchronous_commit})`,
      node: process.version,
      cpus: cpus().length,
      loadStart: loadavg().map((value) => Number(value.toFixed(2))),
      databaseUrl: databaseUrl().replace(/\/\/[^@]*@/, '//…@'),
    };
  } finally {
    await client.end();
  }
}

// Ctrl-C: drop the running scenario's schema before leaving.
process.once('SIGINT', () => {
  console.error('\ninterrupted; dropping the running scenario schema');
  Promise.resolve(current?.close())
    .catch(() => undefined)
    .finally(() => process.exit(130));
});

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
