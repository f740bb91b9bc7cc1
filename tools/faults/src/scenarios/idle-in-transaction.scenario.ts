import { Client, escapeIdentifier } from 'pg';
import type { Scenario } from '../run/scenario';

const IDLE_MS = 15_000;

/** Dead tuples of the library's queue table (pg_stat_user_tables; the statistics lag by up to a second). */
async function deadTuples(client: Client, schema: string): Promise<number> {
  const result = await client.query(`SELECT coalesce(sum(n_dead_tup), 0)::int AS n FROM pg_stat_user_tables WHERE schemaname = $1`, [
    schema,
  ]);
  return result.rows[0].n as number;
}

/** 11. A session left idle in a transaction on the queue's database. */
export const idleInTransaction: Scenario = {
  number: 11,
  id: 'idle-in-transaction',
  title: `A session idle in a transaction for ${IDLE_MS / 1_000} s on the queue database`,
  description: `A foreign session opens a transaction with a snapshot (REPEATABLE READ, one read of the queue table) and sits idle for ${IDLE_MS} ms: the queue keeps working (claims use SKIP LOCKED, nothing waits on that session). Dead tuples cannot be vacuumed while its snapshot stands; after it ends one VACUUM brings them back down (figures in the notes).`,
  transports: ['postgres'],
  messages: { full: 10_000, quick: 1_500 },
  settings: {},
  promises: { minCommitted: 1, recoveryWithinMs: 30_000 },
  async inject(env) {
    const idle = new Client({ connectionString: env.directDatabaseUrl });
    const observer = new Client({ connectionString: env.directDatabaseUrl });
    await Promise.all([idle.connect(), observer.connect()]);
    try {
      await env.pauseWhileProducing(1_000);
      let peak = 0;
      await env.fault(`session idle in transaction ${IDLE_MS} ms`, async () => {
        await idle.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await idle.query(`SELECT count(*) FROM ${escapeIdentifier(env.schema)}.reliable_messages`);
        for (const until = Date.now() + IDLE_MS; Date.now() < until;) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          peak = Math.max(peak, await deadTuples(observer, env.schema));
        }
        await observer.query(`VACUUM ${escapeIdentifier(env.schema)}.reliable_messages`);
        const whileHeld = await deadTuples(observer, env.schema);
        await idle.query('COMMIT');
        await observer.query(`VACUUM ${escapeIdentifier(env.schema)}.reliable_messages`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const after = await deadTuples(observer, env.schema);
        env.note(
          `dead tuples: peak ${peak} while the session was idle, ${whileHeld} after a VACUUM with it still open, ${after} after it ended and one VACUUM`,
        );
      });
    } finally {
      await Promise.all([idle.end(), observer.end()]);
    }
  },
};
