import { Client, escapeIdentifier } from 'pg';
import Redis from 'ioredis';
import type { BenchContext } from '../core/context';
import { createVhost, deleteVhost, sharedVhostUrl } from '../core/rabbitmq-sandbox';
import type { Family } from '../core/scenario';
import type { Sandbox } from './driver';

/** The Redis the BullMQ driver uses: `TENAZ_BENCH_REDIS`, else the local one. */
export const REDIS_URL = process.env['TENAZ_BENCH_REDIS'] || 'redis://127.0.0.1:6379';

let queueCounter = 0;

/**
 * A sandbox for one run of one system, owned by `ctx`: the run's schema (each PostgreSQL system
 * creates it in its setup; ctx.close() drops it),
 * a queue name of its own, a Redis key prefix whose keys are deleted afterwards, and for
 * RabbitMQ systems a vhost of their own (deleted afterwards) or, with `sharedVhost` (--quick,
 * small volumes), the process's shared one.
 */
export async function createSandbox(
  ctx: BenchContext,
  family: Family,
  options: { sharedVhost: boolean; applicationName?: string },
): Promise<Sandbox> {
  queueCounter += 1;
  const queue = `bench_${process.pid}_${queueCounter}`;
  let rabbitmqUrl = '';
  if (family === 'rabbitmq') {
    if (options.sharedVhost) {
      rabbitmqUrl = await sharedVhostUrl();
    } else {
      const vhost = await createVhost('bench');
      ctx.defer(() => deleteVhost(vhost.name));
      rabbitmqUrl = vhost.url;
    }
  }
  const redisPrefix = `tenaz_bench_${queue}`;
  if (family === 'redis') {
    ctx.defer(() => deleteRedisKeys(redisPrefix));
  }
  const url = new URL(ctx.databaseUrl);
  if (options.applicationName) {
    url.searchParams.set('application_name', options.applicationName);
  }
  return { databaseUrl: url.toString(), schema: ctx.schema, queue, rabbitmqUrl, redisUrl: REDIS_URL, redisPrefix };
}

/** Deletes every key under `prefix:` (SCAN in pages of 1,000, never KEYS on a shared server). */
async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        await redis.del(...keys);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** VACUUM ANALYZE every table of the sandbox's schema: the same settled start for every system. */
export async function settleSchema(url: string, schema: string, tablesSql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(tablesSql, [schema]);
    for (const row of rows) {
      await client.query(`VACUUM ANALYZE ${escapeIdentifier(schema)}.${escapeIdentifier(row.table_name)}`);
    }
  } finally {
    await client.end();
  }
}
