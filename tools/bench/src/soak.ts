#!/usr/bin/env node
/**
 * `npm run soak`: publishes and consumes at a steady rate for a while (10 minutes by default)
 * and samples the size of every table of the library's schema (with their indexes) every 30 s, to
 * show that acknowledgements (which delete), retention cleanup and (auto)vacuum keep them the size
 * of what waits rather than of the run. Where the
 * server runs without autovacuum, `--vacuum-seconds` has this script VACUUM the schema's tables
 * itself. Reads only the public API (health()) and the catalog, never the library's table names.
 * Uses its own schema, dropped at the end.
 */
import { escapeIdentifier } from 'pg';
import { Command, InvalidArgumentError } from 'commander';
import { BenchContext } from './core/context';
import { sql } from './core/sql-files';
import { sleep, waitFor } from './core/timing';
import { PUBLISH_OPTIONS, QUEUE, publishInput } from './core/workload';
import { formatValue, table } from './output/format';

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('a positive number');
  }
  return value;
}

const program = new Command()
  .name('soak')
  .description('steady publish and consume, sampling table and index sizes')
  .option('--minutes <m>', 'how long to publish', positiveNumber, 10)
  .option('--rate <n>', 'messages per second', positiveNumber, 200)
  .option('--sample-seconds <s>', 'time between size samples', positiveNumber, 30)
  .option('--concurrency <n>', 'consumer handlers', positiveNumber, 16)
  .option(
    '--vacuum-seconds <s>',
    'VACUUM the schema this often, standing in for autovacuum where the server has it off (default: never)',
    positiveNumber,
  )
  .showHelpAfterError();

interface TableSize {
  table_name: string;
  heap_bytes: string;
  index_bytes: string;
  total_bytes: string;
  live_tuples: string;
  dead_tuples: string;
  vacuums: string;
}

let ctx: BenchContext | undefined;

async function main(): Promise<void> {
  program.parse();
  const options = program.opts();
  ctx = new BenchContext({ windowMs: 0, latencyWindowMs: 0, backlog: 0, drainDeadlineMs: 0, quick: false });
  const messaging = await ctx.messaging({ retention: { cleanupIntervalMs: 5_000 } });
  const observer = await ctx.client();
  const started = Date.now();
  const runMs = options['minutes'] * 60_000;
  const counts = { published: 0, failed: 0, handled: 0 };
  const consumer = await messaging.consumer.consume(
    QUEUE,
    () => {
      counts.handled += 1;
    },
    { concurrency: Math.round(options['concurrency']) },
  );

  const {
    rows: [server],
  } = await observer.query("SELECT current_setting('autovacuum') AS autovacuum");
  console.log(
    `soak: ${options['rate']} messages/s for ${options['minutes']} min (acknowledged messages deleted at once), sample every ${options['sampleSeconds']} s, schema ${ctx.schema}\n` +
      `  server autovacuum ${server.autovacuum}; ${options['vacuumSeconds'] ? `this script runs VACUUM every ${options['vacuumSeconds']} s` : 'this script never vacuums'}`,
  );
  const samples: Array<{ atSeconds: number; published: number; handled: number; tables: TableSize[]; pending: number }> = [];
  const sample = async () => {
    const { rows } = await observer.query<TableSize>(sql('schema-sizes'), [ctx!.schema]);
    const health = await messaging.health(QUEUE);
    const entry = {
      atSeconds: Math.round((Date.now() - started) / 1000),
      published: counts.published,
      handled: counts.handled,
      tables: rows,
      pending: health.pending,
    };
    samples.push(entry);
    const total = rows.reduce((sum, row) => sum + Number(row.total_bytes), 0);
    const dead = rows.reduce((sum, row) => sum + Number(row.dead_tuples), 0);
    console.log(
      `  t=${String(entry.atSeconds).padStart(4)} s  published ${entry.published}  handled ${entry.handled}  pending ${health.pending}  schema ${kib(total)}  dead tuples ${dead}`,
    );
  };

  const vacuumer = await ctx.client();
  let vacuuming = false;
  const vacuumTimer = options['vacuumSeconds']
    ? setInterval(() => {
        // One VACUUM at a time; a plain VACUUM takes no lock that blocks the queue's statements.
        if (!vacuuming) {
          vacuuming = true;
          vacuumAll(vacuumer, ctx!.schema)
            .catch((error) => console.error(`  VACUUM failed: ${error.message}`))
            .finally(() => (vacuuming = false));
        }
      }, options['vacuumSeconds'] * 1000)
    : undefined;
  const sampler = (async () => {
    await sample();
    while (Date.now() - started < runMs) {
      await sleep(Math.min(options['sampleSeconds'] * 1000, Math.max(0, runMs - (Date.now() - started))));
      await sample();
    }
  })();

  // Open loop at a steady rate: each publish is sent on schedule whatever the previous did.
  const intervalMs = 1000 / options['rate'];
  let outstanding = 0;
  for (let i = 0; Date.now() - started < runMs; i += 1) {
    const wait = started + i * intervalMs - Date.now();
    if (wait >= 1) {
      await sleep(wait);
    }
    outstanding += 1;
    messaging.publisher
      .publish(publishInput(), PUBLISH_OPTIONS)
      .then((result) => (result.status === 'delivered' ? (counts.published += 1) : (counts.failed += 1)))
      .catch(() => (counts.failed += 1))
      .finally(() => (outstanding -= 1));
  }
  await sampler;
  clearInterval(vacuumTimer);
  await waitFor(() => outstanding === 0 && counts.handled >= counts.published, {
    timeoutMs: 60_000,
    everyMs: 50,
    what: 'the backlog to drain',
  });
  await consumer.stop();
  await sample();

  const names = samples[0].tables.map((row) => row.table_name);
  console.log(
    `\nsizes (KiB, table + indexes) every ${options['sampleSeconds']} s; the last row is after the consumer drained the backlog\n`,
  );
  console.log(
    table([
      ['t (s)', 'published', 'handled', ...names, 'dead tuples'],
      ...samples.map((entry) => [
        entry.atSeconds,
        entry.published,
        entry.handled,
        ...names.map((name) => kibNumber(entry.tables.find((row) => row.table_name === name)?.total_bytes ?? 0)),
        entry.tables.reduce((sum, row) => sum + Number(row.dead_tuples), 0),
      ]),
    ]),
  );
  console.log(`\n${formatValue(counts.published)} messages went through; ${counts.failed} publishes failed`);
  if (counts.failed > 0) {
    process.exitCode = 1;
  }
}

async function vacuumAll(client: Awaited<ReturnType<BenchContext['client']>>, schema: string): Promise<void> {
  const { rows } = await client.query<{ table_name: string }>(sql('schema-tables'), [schema]);
  for (const row of rows) {
    await client.query(`VACUUM ${escapeIdentifier(schema)}.${escapeIdentifier(row.table_name)}`);
  }
}

const kibNumber = (bytes: string | number) => Math.round(Number(bytes) / 1024);
const kib = (bytes: number) => `${kibNumber(bytes).toLocaleString('en-US')} KiB`;

process.once('SIGINT', () => {
  console.error('\ninterrupted; dropping the soak schema');
  Promise.resolve(ctx?.close())
    .catch(() => undefined)
    .finally(() => process.exit(130));
});

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => ctx?.close().catch((error) => console.error(`cleanup failed: ${error.message}`)));
