#!/usr/bin/env node
/**
 * `node tools/bench/dist/statistics-cost.js`: what the health figures cost a message on the hot
 * path. Every publish and every settlement passes through `QueueStatistics` (a map lookup and a
 * few additions into the current second's bucket); once a second the buckets are serialised
 * into one statement. This times the library's own class, built, for a workload of two queues:
 * per message one `published` and one `settled` (ack, with latencies spread over the histogram),
 * and one flush per simulated second of `--rate` messages, whose statement goes to a database
 * stub (its round trip is one statement a second, off the message path). Prints the median of
 * `--rounds` rounds in ns per message and as a share of a message's budget at the drain rate the
 * bench measured (`--drain-rate`, messages/s of one consumer process).
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './core/paths';

interface StatisticsLike {
  published(queue: string, transport: string, count: number): void;
  settled(queue: string, transport: string, kind: string, times: { processingMs: number; endToEndMs: number }): void;
  flush(): Promise<void>;
}

const program = new Command('statistics-cost')
  .option('--messages <n>', 'messages per round', Number, 2_000_000)
  .option('--rounds <n>', 'rounds (the median is reported)', Number, 7)
  .option('--rate <n>', 'messages per simulated second (one flush each)', Number, 30_000)
  .option('--drain-rate <n>', 'messages/s of the drain to compare with (drain-16, Tenaz, one process)', Number, 27_000)
  .parse();

async function main(): Promise<void> {
  const options = program.opts<{ messages: number; rounds: number; rate: number; drainRate: number }>();
  const { QueueStatistics } = (await import(join(WORKSPACE_ROOT, 'libs/messaging/dist/core/queue-statistics.js'))) as {
    QueueStatistics: new (database: unknown, options: unknown, logger: unknown) => StatisticsLike;
  };
  let statementBytes = 0;
  const database = {
    schema: 'tenaz',
    query: async (_text: string, parameters: unknown[]) => {
      statementBytes += String(parameters[0]).length;
      return [];
    },
  };
  const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
  const statistics = new QueueStatistics(database, { instanceId: 'bench', flushIntervalMs: 1_000, retentionMs: 3_600_000 }, quiet);
  const queues = ['notifications', 'track_trace'];

  const perMessageNs: number[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    statementBytes = 0;
    const started = process.hrtime.bigint();
    for (let index = 0; index < options.messages; index += 1) {
      const queue = queues[index & 1];
      statistics.published(queue, 'postgres', 1);
      // Latencies from 1 ms to about 2 s, so every histogram bucket is touched.
      const latency = (index % 2_048) + 1;
      statistics.settled(queue, 'postgres', 'ack', { processingMs: latency / 2, endToEndMs: latency });
      if (index % options.rate === options.rate - 1) {
        await statistics.flush();
      }
    }
    await statistics.flush();
    perMessageNs.push(Number(process.hrtime.bigint() - started) / options.messages);
  }
  const sorted = [...perMessageNs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const budgetNs = 1e9 / options.drainRate;
  console.log(`QueueStatistics per message (publish + settle, flush every ${options.rate.toLocaleString('en-US')} messages):`);
  console.log(`  rounds (ns/message): ${perMessageNs.map((ns) => ns.toFixed(0)).join(', ')}`);
  console.log(
    `  median ${median.toFixed(0)} ns = ${((median / budgetNs) * 100).toFixed(2)}% of a message at ${options.drainRate.toLocaleString('en-US')} msg/s (${(budgetNs / 1_000).toFixed(1)} µs)`,
  );
  console.log(
    `  flush statement: ${(statementBytes / 1_024).toFixed(0)} KiB of parameters in the last round, one statement per second per instance`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
