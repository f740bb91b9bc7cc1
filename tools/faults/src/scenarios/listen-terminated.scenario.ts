import { Client } from 'pg';
import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

const POLL_MS = 1_000;

/** 8. The LISTEN connection terminated repeatedly: latency bounded by the polling backstop. */
export const listenTerminated: Scenario = {
  number: 8,
  id: 'listen-kill',
  title: 'LISTEN connections terminated repeatedly (pg_terminate_backend)',
  description: `Every 2 s every session of the queue database that last ran LISTEN is ended with \`pg_terminate_backend\`. Missed notifications are caught by the ${POLL_MS} ms polling backstop, so the latency of a message published while a listener is down stays under the backstop plus a claim (p99 bound ${POLL_MS * 3} ms on this loaded machine).`,
  transports: ['postgres'],
  // 50 messages/s, well below what the consumers handle on this loaded machine (70-400/s), so
  // latency is the wake-up path rather than a backlog; 6,000 messages take two minutes.
  messages: { full: 6_000, quick: 600 },
  settings: { rate: 50, pollIntervalMs: POLL_MS },
  promises: { minCommitted: 1, p99WithinMs: POLL_MS * 3 },
  async inject(env) {
    const admin = new Client({ connectionString: env.directDatabaseUrl });
    await admin.connect();
    let terminated = 0;
    try {
      await repeatWhileProducing(env, { firstAfterMs: 1_000, everyMs: 2_000 }, async () => {
        await env.fault('LISTEN sessions terminated', async () => {
          const ended = await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
          );
          terminated += ended.rowCount ?? 0;
        });
      });
    } finally {
      await admin.end();
    }
    env.note(`${terminated} LISTEN sessions terminated`);
  },
};
