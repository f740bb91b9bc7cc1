#!/usr/bin/env node
'use strict';

/**
 * `npm run soak`: publishes and consumes at a steady rate for a while (10 minutes by default)
 * with a short retention of completed messages, and samples the size of `reliable_messages` and
 * each of its indexes every 30 s, to show that retention cleanup and (auto)vacuum keep them the
 * size of the retention window rather than of the run. Where the server runs without autovacuum,
 * `--vacuum-seconds` has this script VACUUM the table itself, standing in for it.
 * Uses its own schema, dropped at the end.
 */
const { Command, InvalidArgumentError } = require('commander');
const { BenchContext } = require('./lib/context');
const { sleep, waitFor } = require('./lib/timing');
const { PUBLISH_OPTIONS, QUEUE, publishInput } = require('./lib/workload');
const { formatValue, table } = require('./lib/report');

function positiveNumber(text) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('a positive number');
  }
  return value;
}

const program = new Command()
  .name('soak')
  .description('steady publish and consume with short retention, sampling table and index sizes')
  .option('--minutes <m>', 'how long to publish', positiveNumber, 10)
  .option('--rate <n>', 'messages per second', positiveNumber, 200)
  .option('--retention-seconds <s>', 'how long completed messages are kept', positiveNumber, 30)
  .option('--sample-seconds <s>', 'time between size samples', positiveNumber, 30)
  .option('--concurrency <n>', 'consumer handlers', positiveNumber, 16)
  .option('--vacuum-seconds <s>', "run VACUUM on the table this often, standing in for autovacuum where the server has it off (default: never)", positiveNumber)
  .showHelpAfterError();

const SIZES_SQL = `
SELECT pg_total_relation_size(t.oid) AS total_bytes,
       pg_relation_size(t.oid) AS heap_bytes,
       (SELECT json_object_agg(i.relname, pg_relation_size(i.oid))
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = t.oid) AS index_bytes,
       s.n_live_tup AS live, s.n_dead_tup AS dead, s.autovacuum_count AS autovacuums, s.vacuum_count AS vacuums,
       -- vacuum cannot remove tuples newer than the oldest open snapshot on the server
       (SELECT max(age(backend_xmin)) FROM pg_stat_activity) AS oldest_xmin_age
FROM pg_class t
JOIN pg_stat_user_tables s ON s.relid = t.oid
WHERE t.oid = 'reliable_messages'::regclass`;
const STATUS_SQL = 'SELECT status, count(*)::int AS n FROM reliable_messages GROUP BY status';

let ctx;

async function main() {
  program.parse();
  const options = program.opts();
  ctx = new BenchContext({});
  const messaging = await ctx.messaging({
    retention: { completedMs: Math.round(options.retentionSeconds * 1000), cleanupIntervalMs: 5_000 },
  });
  const observer = await ctx.client();
  const started = Date.now();
  const runMs = options.minutes * 60_000;
  const counts = { published: 0, failed: 0, handled: 0 };
  const consumer = await messaging.consumer.consume(QUEUE, () => {
    counts.handled += 1;
  }, { concurrency: Math.round(options.concurrency) });

  const { rows: [server] } = await observer.query("SELECT current_setting('autovacuum') AS autovacuum, current_setting('autovacuum_naptime') AS naptime");
  console.log(
    `soak: ${options.rate} messages/s for ${options.minutes} min, completed kept ${options.retentionSeconds} s, ` +
      `sample every ${options.sampleSeconds} s, schema ${ctx.schema}\n` +
      `  server autovacuum ${server.autovacuum} (naptime ${server.naptime}); ` +
      (options.vacuumSeconds ? `this script runs VACUUM every ${options.vacuumSeconds} s` : 'this script never vacuums'),
  );
  if (server.autovacuum !== 'on' && !options.vacuumSeconds) {
    console.log('  with autovacuum off and no --vacuum-seconds, nothing reclaims dead tuples: expect the table to grow');
  }
  const samples = [];
  const sample = async () => {
    const [{ rows: [size] }, { rows: statuses }] = [await observer.query(SIZES_SQL), await observer.query(STATUS_SQL)];
    const byStatus = Object.fromEntries(statuses.map((row) => [row.status, row.n]));
    const entry = { atSeconds: Math.round((Date.now() - started) / 1000), ...counts, ...size, byStatus };
    samples.push(entry);
    console.log(
      `  t=${String(entry.atSeconds).padStart(4)} s  published ${entry.published}  handled ${entry.handled}  ` +
        `table+indexes ${kib(size.total_bytes)}  heap ${kib(size.heap_bytes)}  rows ${JSON.stringify(byStatus)}  ` +
        `dead tuples ${size.dead}  vacuums ${size.vacuums} + auto ${size.autovacuums}  oldest snapshot ${size.oldest_xmin_age ?? 0} xids old`,
    );
  };

  const vacuumer = await ctx.client();
  let vacuuming = false;
  const vacuumTimer = options.vacuumSeconds
    ? setInterval(() => {
        // One VACUUM at a time; a plain VACUUM takes no lock that blocks the queue's statements.
        if (!vacuuming) {
          vacuuming = true;
          vacuumer
            .query('VACUUM reliable_messages')
            .catch((error) => console.error(`  VACUUM failed: ${error.message}`))
            .finally(() => (vacuuming = false));
        }
      }, options.vacuumSeconds * 1000)
    : undefined;
  const sampler = (async () => {
    await sample();
    while (Date.now() - started < runMs) {
      await sleep(Math.min(options.sampleSeconds * 1000, Math.max(0, runMs - (Date.now() - started))));
      await sample();
    }
  })();

  // Open loop at a steady rate: each publish is sent on schedule whatever the previous did.
  const intervalMs = 1000 / options.rate;
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
  await waitFor(() => outstanding === 0 && counts.handled >= counts.published, { timeoutMs: 60_000, everyMs: 50, what: 'the backlog to drain' });
  await consumer.stop();
  await sample();

  const indexNames = Object.keys(samples[0].index_bytes ?? {});
  console.log(`\nsizes (KiB) every ${options.sampleSeconds} s; the last row is after the consumer drained the backlog\n`);
  console.log(
    table([
      ['t (s)', 'published', 'handled', 'total', 'heap', ...indexNames, 'completed rows', 'dead tuples', 'vacuums'],
      ...samples.map((entry) => [
        entry.atSeconds,
        entry.published,
        entry.handled,
        kibNumber(entry.total_bytes),
        kibNumber(entry.heap_bytes),
        ...indexNames.map((name) => kibNumber(entry.index_bytes[name])),
        entry.byStatus.completed ?? 0,
        entry.dead,
        Number(entry.vacuums) + Number(entry.autovacuums),
      ]),
    ]),
  );
  const steady = samples.filter((entry) => entry.atSeconds >= options.retentionSeconds * 2);
  if (steady.length > 0) {
    const totals = steady.map((entry) => Number(entry.total_bytes));
    console.log(
      `\nafter the first ${options.retentionSeconds * 2} s: total size between ${kib(Math.min(...totals))} and ${kib(Math.max(...totals))} ` +
        `while ${formatValue(counts.published)} messages went through; ${counts.failed} publishes failed`,
    );
  }
  if (counts.failed > 0) {
    process.exitCode = 1;
  }
}

function kibNumber(bytes) {
  return Math.round(Number(bytes) / 1024);
}

function kib(bytes) {
  return `${kibNumber(bytes).toLocaleString('en-US')} KiB`;
}

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
