import { Client } from 'pg';
import { BenchContext } from '../core/context';
import { sql } from '../core/sql-files';
import { sleep, waitFor } from '../core/timing';
import { PUBLISH_OPTIONS, QUEUE, publishInput } from '../core/workload';

/** Messages per publishMany while filling the backlog (the batch size). */
const BATCH = 1_000;
const CONCURRENCY = 16;

export interface TableSizes {
  table: string;
  heapBytes: number;
  indexBytes: number;
  totalBytes: number;
  liveTuples: number;
  deadTuples: number;
  vacuums: number;
}

export interface BacklogResult {
  autovacuum: string;
  messages: number;
  enqueueSeconds: number;
  /** Seconds each slice of `sliceSize` acknowledgements took, in order. */
  sliceSeconds: number[];
  sliceSize: number;
  drainSeconds: number;
  before: TableSizes[];
  after: TableSizes[];
  /** Seconds from the last acknowledgement until the schema's live rows stopped falling. */
  cleanupSeconds: number;
}

/** Sizes and tuple counts of every table in `schema` (`sql/schema-sizes.sql`). */
export async function schemaSizes(url: string, schema: string): Promise<TableSizes[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(sql('schema-sizes'), [schema]);
    return rows.map((row) => ({
      table: row.table_name,
      heapBytes: Number(row.heap_bytes),
      indexBytes: Number(row.index_bytes),
      totalBytes: Number(row.total_bytes),
      liveTuples: Number(row.live_tuples),
      deadTuples: Number(row.dead_tuples),
      vacuums: Number(row.vacuums),
    }));
  } finally {
    await client.end();
  }
}

const liveRows = (sizes: TableSizes[]) => sizes.reduce((sum, table) => sum + table.liveTuples, 0);

/**
 * A backlog of `messages` through Tenaz on the server at `url`: enqueued with publishMany, sized,
 * drained by one consumer (concurrency 16) with each `sliceSize` acknowledgements timed, then
 * left to the library's own cleanup (acknowledged messages are deleted at once; its vacuum runs
 * every 1 s of cleanup interval: a public option) until the schema's live rows stop falling, and sized again. Only the public
 * API and the catalog are read; no table of the library is named.
 */
export async function runBacklog(
  url: string,
  options: { messages: number; sliceSize: number; settleMs: number; autovacuumWaitMs: number },
): Promise<BacklogResult> {
  const ctx = new BenchContext({ windowMs: 0, latencyWindowMs: 0, backlog: options.messages, drainDeadlineMs: 0, quick: false }, url);
  try {
    const admin = await ctx.client();
    const {
      rows: [setting],
    } = await admin.query(sql('server-settings'));
    const messaging = await ctx.messaging({ retention: { cleanupIntervalMs: 1_000 } });

    const enqueueStarted = performance.now();
    for (let offset = 0; offset < options.messages; offset += BATCH) {
      const entries = Array.from({ length: Math.min(BATCH, options.messages - offset) }, () => ({
        ...publishInput(),
        options: PUBLISH_OPTIONS,
      }));
      const results = await messaging.publisher.publishMany(entries);
      const failed = results.find((result) => result.status !== 'delivered');
      if (failed) {
        throw new Error(`publishMany failed at ${offset}: ${failed.error}`);
      }
    }
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    // The statistics collector publishes counts about once a second: wait for it before sizing.
    await sleep(options.settleMs);
    const before = await schemaSizes(url, ctx.schema);

    const marks: number[] = [];
    const drainStarted = performance.now();
    const handle = await messaging.consumer.consume(QUEUE, () => undefined, { concurrency: CONCURRENCY });
    await waitFor(
      () => {
        while (handle.counts.acked >= (marks.length + 1) * options.sliceSize && marks.length * options.sliceSize < options.messages) {
          marks.push(performance.now());
        }
        return handle.counts.acked >= options.messages;
      },
      { timeoutMs: 30 * 60_000, everyMs: 5, what: `${options.messages} acknowledgements` },
    );
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    await handle.stop();
    const { retried, deadLettered, failedToSettle } = handle.counts;
    if (retried + deadLettered + failedToSettle > 0) {
      throw new Error(`the drain settled something other than acks: ${JSON.stringify(handle.counts)}`);
    }
    const sliceSeconds = marks.map((mark, index) => (mark - (index === 0 ? drainStarted : marks[index - 1])) / 1000);

    // Cleanup done: the live rows stopped falling for three looks in a row (or 5 minutes passed).
    const cleanupStarted = performance.now();
    let previous = Number.POSITIVE_INFINITY;
    let steady = 0;
    await waitFor(
      async () => {
        const live = liveRows(await schemaSizes(url, ctx.schema));
        steady = live < previous ? 0 : steady + 1;
        previous = Math.min(previous, live);
        return steady >= 3;
      },
      { timeoutMs: 5 * 60_000, everyMs: options.settleMs, what: 'retention cleanup to finish' },
    );
    const cleanupSeconds = (performance.now() - cleanupStarted) / 1000;
    if (setting.autovacuum === 'on') {
      // Give autovacuum its chance at the table that held the backlog (the largest before).
      const largest = before[0]?.table;
      const vacuumsBefore = (await schemaSizes(url, ctx.schema)).find((table) => table.table === largest)?.vacuums ?? 0;
      await waitFor(
        async () => ((await schemaSizes(url, ctx.schema)).find((table) => table.table === largest)?.vacuums ?? 0) > vacuumsBefore,
        {
          timeoutMs: options.autovacuumWaitMs,
          everyMs: 1_000,
          what: `an autovacuum of ${largest}`,
        },
      ).catch(() => undefined);
    }
    await messaging.close();
    const after = await schemaSizes(url, ctx.schema);
    return {
      autovacuum: setting.autovacuum,
      messages: options.messages,
      enqueueSeconds,
      sliceSeconds,
      sliceSize: options.sliceSize,
      drainSeconds,
      before,
      after,
      cleanupSeconds,
    };
  } finally {
    await ctx.close();
  }
}
