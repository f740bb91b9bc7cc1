#!/usr/bin/env node
// Operations CLI: queue statistics and SLA view, dead-letter inspection, replay and purge.
//   npm run tenaz -- stats            npm run tenaz -- dlq list notifications
// Reads DATABASE_URL, TENAZ_SCHEMA, RABBITMQ_URL and <QUEUE>_QUEUE_TRANSPORT like the services.
const { Command, InvalidArgumentError } = require('commander');
const { createMessaging } = require('@tenaz/messaging');
const { messagingOptionsFromEnv } = require('./cli-config');

const program = new Command('tenaz')
  .description('Operate Tenaz queues: statistics, SLA compliance, dead letters.')
  .option('-c, --config <file>', 'createMessaging options as JSON (instead of the environment)')
  .option('--json', 'print JSON instead of tables');

/** Opens messaging, runs `work`, always closes; errors become a message and exit code 1. */
async function withMessaging(work) {
  const messaging = await createMessaging(messagingOptionsFromEnv(process.env, program.opts().config));
  try {
    return await work(messaging);
  } finally {
    await messaging.close();
  }
}

function print(rows) {
  if (program.opts().json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    process.stdout.write('(none)\n');
  } else {
    console.table(rows);
  }
}

function positiveInteger(value) {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('a non-negative integer');
  return parsed;
}

program
  .command('queues')
  .description('configured queues: transport, SLA, retry policy')
  .action(() =>
    withMessaging(async (messaging) =>
      print(
        [...messaging.queues.values()].map((q) => ({
          queue: q.name,
          transport: q.transport,
          slaMs: q.slaMs,
          retry: `${q.retry.backoff} ×${q.retry.maxRetries} from ${q.retry.baseDelayMs} ms, cap ${q.retry.maxDelayMs} ms`,
          leaseMs: q.leaseMs,
        })),
      ),
    ),
  );

program
  .command('stats')
  .description('backlog, latency, failure rate and SLA compliance per queue')
  .argument('[queues...]', 'queues to show (default: all)')
  .option('-w, --window <ms>', 'window of latency and failure figures', positiveInteger)
  .action((queues, options) =>
    withMessaging(async (messaging) => {
      const names = queues.length > 0 ? queues : [...messaging.queues.keys()];
      const rows = [];
      for (const name of names) {
        const h = await messaging.health(name, { windowMs: options.window });
        rows.push({
          queue: h.queue,
          transport: h.transport,
          pending: h.pending,
          processing: h.processing,
          deadLettered: h.deadLettered,
          oldestPendingMs: h.oldestPendingAgeMs,
          avgProcessingMs: h.avgProcessingMs,
          p95EndToEndMs: h.p95EndToEndMs,
          failureRate: Number(h.failureRate.toFixed(4)),
          slaMs: h.slaMs,
          sla: h.slaCompliant ? 'ok' : 'BREACHED',
        });
      }
      print(rows);
      if (rows.some((row) => row.sla !== 'ok')) process.exitCode = 2;
    }),
  );

const dlq = program.command('dlq').description('dead letters: list, replay, purge');

dlq
  .command('list')
  .argument('<queue>')
  .option('-l, --limit <n>', 'at most this many', positiveInteger, 20)
  .option('-o, --offset <n>', 'skip this many (newest first)', positiveInteger, 0)
  .option('--payload', 'include payloads (they may hold personal data)')
  .action((queue, options) =>
    withMessaging(async (messaging) => {
      const letters = await messaging.deadLetters.list(queue, { limit: options.limit, offset: options.offset });
      print(
        letters.map((l) => ({
          id: l.id,
          type: l.type,
          priority: l.priority,
          attempts: l.attempts,
          reason: l.reason,
          lastError: l.lastError,
          deadLetteredAt: l.deadLetteredAt.toISOString(),
          ...(options.payload ? { payload: JSON.stringify(l.payload) } : {}),
        })),
      );
    }),
  );

for (const [name, verb] of [
  ['replay', 'put back on their queue, unchanged, with a fresh retry budget'],
  ['purge', 'delete for good'],
]) {
  dlq
    .command(name)
    .description(`dead letters to ${verb}`)
    .argument('<queue>')
    .argument('[ids...]', 'message ids')
    .option('--all', `${name} every dead letter of the queue`)
    .action((queue, ids, options) => {
      if (ids.length === 0 && !options.all) {
        program.error(`name the message ids to ${name}, or pass --all`);
      }
      return withMessaging(async (messaging) => {
        const count = await messaging.deadLetters[name](queue, ids.length > 0 ? { ids } : {});
        print([{ queue, [name === 'replay' ? 'replayed' : 'purged']: count }]);
      });
    });
}

program.parseAsync(process.argv).catch((error) => {
  process.stderr.write(`tenaz: ${error.message}\n`);
  process.exit(1);
});
