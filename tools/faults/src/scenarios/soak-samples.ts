import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import type { ScenarioEnvironment } from '../run/scenario';
import { EFFECTS_TABLE } from '../worker/worker-config';

/** One 30-second look at the run: what must stay flat, and what grows by design until its retention. */
export interface SoakSample {
  /** Seconds since the soak began. */
  atS: number;
  /** Resident memory of each running consumer process, MB. */
  workerRssMb: number[];
  /** Every table of the run's schema with its indexes and TOAST, bytes, by table name. */
  tableBytes: Record<string, number>;
  notificationQueueUsage: number;
  /** Messages due and waiting in the queue, as the library reports it (either transport). */
  waiting: number | null;
}

/**
 * Tables whose size follows what is in flight, not the run's length: the queue table (a message
 * leaves it when handled or parks in it dead-lettered, and this soak has no poison) and the
 * outbox (unsent rows, and sent ones for their 10-minute retention: it levels off after 10
 * minutes, so only a soak longer than 15 holds it to a plateau). They must stay flat.
 */
export const IN_FLIGHT_TABLES = ['reliable_messages', 'outbox'];
/**
 * Tables that grow with the run by design until their retention deletes the oldest rows: the
 * inbox (7 days), the per-second statistics and depth samples (the statistics retention), and the
 * checker's own effects table (never deleted: it is the count). Reported, not bounded.
 */
export const RETAINED_TABLES = ['inbox', 'queue_stats', 'queue_depth_samples', EFFECTS_TABLE];

/** Resident memory of a process in kB (Linux /proc), or 0 when it is gone. */
function rssKb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export async function takeSample(env: ScenarioEnvironment, admin: Pool, startedAt: number): Promise<SoakSample> {
  const tables = await admin.query<{ name: string; bytes: string }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [env.schema],
  );
  const notify = await admin.query<{ usage: number }>('SELECT pg_notification_queue_usage()::float8 AS usage');
  const waiting = await env.messaging.health(env.queue).then(
    (health) => health.pending,
    () => null,
  );
  return {
    atS: Math.round((Date.now() - startedAt) / 1_000),
    workerRssMb: env.fleet.running.map((worker) => Math.round(rssKb(worker.child.pid) / 1024)),
    tableBytes: Object.fromEntries(tables.rows.map((row) => [row.name, Number(row.bytes)])),
    notificationQueueUsage: notify.rows[0]?.usage ?? 0,
    waiting,
  };
}

export function describeSample(sample: SoakSample): string {
  const tables = Object.entries(sample.tableBytes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, bytes]) => `${name} ${Math.round(bytes / 1024)} kB`)
    .join(', ');
  return `t+${sample.atS} s: worker RSS ${sample.workerRssMb.map((mb) => `${mb} MB`).join(', ')}; waiting ${sample.waiting ?? 'unknown'}; notification queue usage ${sample.notificationQueueUsage}; tables: ${tables}`;
}

/** The bounds a soak's samples are held to. */
export const FLATNESS = {
  /** Worker RSS in the last third at most this × the first third's peak, plus `rssSlackMb`. */
  rssFactor: 1.5,
  rssSlackMb: 16,
  /** An in-flight table in the last third at most this × its first-third peak, plus `tableSlackBytes`. */
  tableFactor: 2,
  tableSlackBytes: 8 * 1024 * 1024,
  /** pg_notification_queue_usage() never above this (0.1% of the 8 GB queue). */
  maxNotificationQueueUsage: 0.001,
};

/**
 * Whether the samples stayed flat: problems (the run fails with them) and notes (what grew by
 * design, and how fast). The first third (after the first sample, taken while starting) is
 * compared with the last third; a soak with fewer than 6 samples is too short to judge.
 */
export function judgeFlatness(samples: readonly SoakSample[]): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  if (samples.length < 6) {
    return { problems: [`only ${samples.length} samples: too short to judge flatness (at least 6, 3 minutes)`], notes };
  }
  const third = Math.floor((samples.length - 1) / 3);
  const early = samples.slice(1, 1 + third);
  const late = samples.slice(samples.length - third);
  const peak = (values: number[]) => Math.max(0, ...values);

  const rssEarly = peak(early.flatMap((s) => s.workerRssMb));
  const rssLate = peak(late.flatMap((s) => s.workerRssMb));
  const rssBound = rssEarly * FLATNESS.rssFactor + FLATNESS.rssSlackMb;
  notes.push(`worker RSS peak ${rssEarly} MB in the first third, ${rssLate} MB in the last (bound ${Math.round(rssBound)} MB)`);
  if (rssLate > rssBound) problems.push(`worker RSS grew: ${rssEarly} MB → ${rssLate} MB (bound ${Math.round(rssBound)} MB)`);

  for (const table of IN_FLIGHT_TABLES.filter((name) => samples.some((s) => name in s.tableBytes))) {
    const before = peak(early.map((s) => s.tableBytes[table] ?? 0));
    const after = peak(late.map((s) => s.tableBytes[table] ?? 0));
    const bound = before * FLATNESS.tableFactor + FLATNESS.tableSlackBytes;
    notes.push(`${table} (in flight) peak ${kb(before)} in the first third, ${kb(after)} in the last (bound ${kb(bound)})`);
    if (after > bound) problems.push(`${table} grew: ${kb(before)} → ${kb(after)} (bound ${kb(bound)})`);
  }

  const first = samples[1]!;
  const last = samples[samples.length - 1]!;
  const minutes = (last.atS - first.atS) / 60;
  for (const table of RETAINED_TABLES.filter((name) => name in last.tableBytes)) {
    const grown = (last.tableBytes[table] ?? 0) - (first.tableBytes[table] ?? 0);
    notes.push(
      `${table} (kept until its retention) ${kb(first.tableBytes[table] ?? 0)} → ${kb(last.tableBytes[table] ?? 0)}, ${(grown / 1024 / 1024 / Math.max(minutes, 1 / 60)).toFixed(2)} MB a minute`,
    );
  }

  const usage = Math.max(...samples.map((s) => s.notificationQueueUsage));
  notes.push(`notification queue usage at most ${usage}`);
  if (usage > FLATNESS.maxNotificationQueueUsage) problems.push(`notification queue usage reached ${usage}`);
  return { problems, notes };
}

function kb(bytes: number): string {
  return `${Math.round(bytes / 1024)} kB`;
}
