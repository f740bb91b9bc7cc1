#!/usr/bin/env node
/**
 * `npm run bench:backlog`: a backlog of 1,000,000 messages through Tenaz on PostgreSQL (issue 10):
 * enqueue time, drain time in 100,000-message slices (the last no slower than the first), table
 * and index sizes before and after, dead tuples after cleanup; once on the shared server as it
 * runs (autovacuum off here) and once in a throwaway cluster with autovacuum on, started with
 * initdb/pg_ctl on a spare port under a temp dir and removed afterwards.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { databaseUrl } from '../core/context';
import { currentCommit, loadAverage } from '../core/environment';
import { backlogMarkdown } from './backlog-report';
import { runBacklog, type BacklogResult } from './backlog-run';
import { startThrowawayCluster } from '@tenaz/test-kit';

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError('a positive integer');
  }
  return value;
}

const program = new Command()
  .name('bench-backlog')
  .description('a 1,000,000-message backlog: enqueue, drain in slices, sizes and dead tuples, autovacuum off and on')
  .option('--messages <n>', 'messages in the backlog', positiveInteger, 1_000_000)
  .option('--slice <n>', 'acknowledgements per timed slice', positiveInteger, 100_000)
  .addOption(
    new Option('--autovacuum <which>', 'the shared server as it is (off here), a throwaway cluster with autovacuum on, or both')
      .choices(['off', 'on', 'both'])
      .default('both'),
  )
  .option('--out-dir <dir>', 'where backlog.json and backlog.md go (default tools/bench/results/backlog-<timestamp>)')
  .showHelpAfterError();

/** The throwaway cluster's settings: PostgreSQL's defaults but a 10 s naptime so the run sees autovacuum act. */
const AUTOVACUUM_ON = { autovacuum: 'on', autovacuum_naptime: '10s' };

async function main(): Promise<void> {
  program.parse();
  const options = program.opts();
  const run = { messages: options['messages'], sliceSize: options['slice'], settleMs: 1_500, autovacuumWaitMs: 60_000 };
  const startedAt = new Date();
  const loadStart = loadAverage();
  const results: BacklogResult[] = [];
  if (options['autovacuum'] !== 'on') {
    console.log(`backlog of ${run.messages} on the shared server (${databaseUrl().replace(/\/\/[^@]*@/, '//…@')})`);
    results.push(await runBacklog(databaseUrl(), run));
    print(results.at(-1)!);
  }
  if (options['autovacuum'] !== 'off') {
    console.log(`backlog of ${run.messages} in a throwaway cluster with ${JSON.stringify(AUTOVACUUM_ON)}`);
    const cluster = await startThrowawayCluster(AUTOVACUUM_ON);
    try {
      results.push(await runBacklog(cluster.url(), run));
      print(results.at(-1)!);
    } finally {
      await cluster.stop();
    }
  }
  const finishedAt = new Date();
  const directory = resolve(
    options['outDir'] ?? join(__dirname, '..', '..', 'results', `backlog-${startedAt.toISOString().replace(/[:.]/g, '-')}`),
  );
  mkdirSync(directory, { recursive: true });
  const record = {
    startedAt,
    finishedAt,
    commit: currentCommit(),
    argv: process.argv.slice(2),
    loadStart,
    loadEnd: loadAverage(),
    throwawaySettings: AUTOVACUUM_ON,
    results,
  };
  writeFileSync(join(directory, 'backlog.json'), `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(join(directory, 'backlog.md'), backlogMarkdown(record));
  console.log(`written to ${directory}`);
  if (results.some((result) => result.sliceSeconds.at(-1)! > result.sliceSeconds[0])) {
    console.log('note: a last slice was slower than the first (see the report)');
  }
}

function print(result: BacklogResult): void {
  console.log(
    `  autovacuum ${result.autovacuum}: enqueue ${result.enqueueSeconds.toFixed(1)} s, drain ${result.drainSeconds.toFixed(1)} s, ` +
      `slices ${result.sliceSeconds.map((seconds) => seconds.toFixed(1)).join(' / ')} s, cleanup ${result.cleanupSeconds.toFixed(1)} s`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
