import { readFileSync } from 'node:fs';
import { escapeIdentifier, Pool } from 'pg';
import type { Scenario, ScenarioEnvironment } from '../run/scenario';

const RATE = 100;
const FAULT_EVERY_MS = 120_000;
const SAMPLE_EVERY_MS = 30_000;

/** Resident memory of a process in kB (Linux /proc), or 0 when it is gone. */
function rssKb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The faults of scenarios 2, 3, 7, 8 and 9, one at a time. */
const FAULTS: { name: string; run: (env: ScenarioEnvironment, admin: Pool) => Promise<void> }[] = [
  {
    name: 'SIGKILL a consumer',
    run: async (env) => {
      const victim = env.fleet.pick();
      if (victim) await env.fleet.kill(victim);
      await env.fleet.start();
    },
  },
  {
    name: 'SIGSTOP a consumer 8 s',
    run: async (env) => {
      const victim = env.fleet.pick();
      if (!victim) return;
      env.fleet.freeze(victim);
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      env.fleet.thaw(victim);
    },
  },
  { name: 'pg_ctl restart -m immediate', run: (env) => env.cluster!.restart('immediate') },
  { name: 'pg_ctl restart -m fast', run: (env) => env.cluster!.restart('fast') },
  {
    name: 'LISTEN sessions terminated',
    run: async (_env, admin) => {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
      );
    },
  },
  { name: 'PostgreSQL connections reset', run: async (env) => env.postgresProxy!.cut() },
  {
    name: 'PostgreSQL black-holed 8 s',
    run: async (env) => {
      env.postgresProxy!.blackhole();
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      env.postgresProxy!.restore();
      env.postgresProxy!.cut();
    },
  },
];

/** One sample: worker RSS, the library's table sizes and the NOTIFY queue's usage. */
async function sample(env: ScenarioEnvironment, admin: Pool): Promise<string> {
  const rss = env.fleet.running.map((worker) => rssKb(worker.child.pid));
  const sizes = await admin.query(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [env.schema],
  );
  const notify = await admin.query('SELECT pg_notification_queue_usage() AS usage');
  const backlog = await admin.query(`SELECT count(*)::int AS n FROM ${escapeIdentifier(env.schema)}.reliable_messages`);
  return `t+${Math.round(process.uptime())} s: worker RSS ${rss.map((kb) => `${Math.round(kb / 1024)} MB`).join(', ')}; schema tables ${Math.round(Number(sizes.rows[0].bytes) / 1024)} kB; rows waiting ${backlog.rows[0].n}; notification queue usage ${notify.rows[0].usage}`;
}

/**
 * 15. Soak: `minutes` of steady load (100 messages/s) with a random fault of scenarios 2-3 and 7-9
 * every two minutes, sampling worker RSS, the schema's table sizes and
 * `pg_notification_queue_usage()` every 30 s into the notes. Its own script (`npm run
 * test:faults:soak`), never part of `npm test`.
 */
export function soak(minutes: number): Scenario {
  return {
    number: 15,
    id: 'soak',
    title: `Soak: ${minutes} minutes, a random fault every 2 minutes`,
    description: `${RATE} messages/s for ${minutes} minutes on a throwaway cluster behind the TCP proxy; every 2 minutes one fault drawn from: ${FAULTS.map((f) => f.name).join(', ')}. Samples every 30 s in the notes: worker RSS, table sizes and pg_notification_queue_usage() should stay flat.`,
    transports: ['postgres'],
    messages: { full: RATE * 60 * minutes, quick: RATE * 60 * minutes },
    settings: { rate: RATE, workers: 2, database: 'throwaway', proxy: { postgres: true, rabbitmq: false }, queryTimeoutMs: 3_000 },
    promises: { minCommitted: 1, recoveryWithinMs: 60_000 },
    async inject(env) {
      // A pool of one: after a restart it opens a new session by itself.
      const admin = new Pool({ connectionString: env.directDatabaseUrl, max: 1 });
      admin.on('error', () => undefined);
      let nextFault = Date.now() + FAULT_EVERY_MS;
      try {
        while (env.producing()) {
          await env.pauseWhileProducing(SAMPLE_EVERY_MS);
          env.note(await sample(env, admin).catch((error: Error) => `sample failed: ${error.message}`));
          if (Date.now() >= nextFault && env.producing()) {
            const fault = FAULTS[Math.floor(Math.random() * FAULTS.length)]!;
            await env.fault(fault.name, () => fault.run(env, admin));
            nextFault = Date.now() + FAULT_EVERY_MS;
          }
        }
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
    async restore(env) {
      env.postgresProxy?.restore();
      await env.cluster?.start().catch(() => undefined);
    },
  };
}
