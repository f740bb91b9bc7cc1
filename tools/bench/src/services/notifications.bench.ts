/**
 * Issue 4's performance section (needs `npm run build`):
 * - `POST /notifications` with autocannon: throughput and p99 of the 202, beside the ceiling, a
 *   bare NestJS endpoint doing one INSERT, measured in the same run with the same load;
 * - time from the 202 to `sent` with a provider that answers at once.
 * Each run gets a database of its own (both services' schemas live in one database), dropped after.
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import type { BenchContext } from '../core/context';
import { APPS_DIST } from '../core/paths';
import type { ScenarioModule, ScenarioResult } from '../core/scenario';
import { percentile } from '../core/stats';
import { sleep, steadyRate } from '../core/timing';
import { freshDatabase, localServer, startChild } from './child-services';

const MAIN = join(APPS_DIST, 'notifications', 'main.js');
export const CEILING = join(__dirname, 'notifications-ceiling-server.js');
export const API_KEY = 'bench-key-0123456789abcdef';
/** 16 connections: enough to saturate two cores, few enough to keep the pool (20) from queueing. */
const CONNECTIONS = 16;
/** Not measured: JIT, pools and caches warm up first. */
export const WARM_UP_SECONDS = 1;
/**
 * Notifications per second in the latency run: a fraction of the service's throughput on a shared
 * two-core machine, so the number measures the path from commit to provider, not a backlog.
 */
const LATENCY_RATE = 20;
const BODY = JSON.stringify({ channel: 'sms', recipient: '+5215512345678', body: 'Tu paquete TN-1234 va en camino', countryCode: 'MX' });

/** An SMS provider that accepts every message at once; stopped by ctx.close(). */
async function instantProvider(ctx: BenchContext): Promise<string> {
  let count = 0;
  const base = await localServer(ctx, (request, response) => {
    request.resume();
    request.on('end', () => {
      count += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"id":"sms-${count}"}`);
    });
  });
  return `${base}/sms`;
}

/** The built notifications service on a fresh database, delivering sms to an instant provider. */
async function startService(ctx: BenchContext): Promise<{ url: string; databaseUrl: string }> {
  const databaseUrl = await freshDatabase(ctx, 'notif');
  const url = await startChild(
    ctx,
    MAIN,
    { DATABASE_URL: databaseUrl, NOTIFICATIONS_PORT: '0', API_KEYS: `bench:${API_KEY}`, RATE_LIMIT_REQUESTS: '1000000', SMS_PROVIDER_URL: await instantProvider(ctx), LOG_LEVEL: 'info' },
    'notifications service listening',
  );
  return { url, databaseUrl };
}

/** autocannon's load: warm-up, then the measured window; any non-2xx answer fails the run. */
export async function load(options: autocannon.Options, seconds: number, eventsPerRequest = 1, unit = 'req/s'): Promise<ScenarioResult> {
  await autocannon({ ...options, duration: WARM_UP_SECONDS });
  const result = await autocannon({ ...options, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return { metrics: { throughput: { value: result.requests.average * eventsPerRequest, unit }, p99: { value: result.latency.p99, unit: 'ms' } } };
}

export const notifications: ScenarioModule = {
  groups: [
    {
      name: 'notifications-post',
      title: `POST /notifications (202, deliveries running) with ${CONNECTIONS} connections, beside a bare NestJS INSERT endpoint`,
      metrics: [
        { key: 'throughput', label: 'requests/s', direction: 'higher', goal: null },
        { key: 'p99', label: 'p99 ms', direction: 'lower', goal: null },
      ],
    },
    {
      name: 'notifications-delivery',
      title: `time from the 202 to sent, ${LATENCY_RATE} notifications/s, provider answering at once`,
      metrics: [
        { key: 'p50', label: 'p50 ms', direction: 'lower', goal: null },
        { key: 'p99', label: 'p99 ms', direction: 'lower', goal: null },
      ],
    },
  ],
  scenarios: [
    {
      name: 'bare NestJS endpoint, one INSERT (ceiling)',
      group: 'notifications-post',
      baseline: true,
      async run(ctx) {
        const databaseUrl = await freshDatabase(ctx, 'notif');
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query('CREATE TABLE ceiling_notifications (id uuid PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())');
        await client.end();
        const url = await startChild(ctx, CEILING, { DATABASE_URL: databaseUrl, PORT: '0' }, 'listening');
        return load(postOptions(url), ctx.settings.windowMs / 1000);
      },
    },
    {
      name: 'POST /notifications (notifications service)',
      group: 'notifications-post',
      baseline: false,
      async run(ctx) {
        const { url } = await startService(ctx);
        return load(postOptions(url), ctx.settings.windowMs / 1000);
      },
    },
    { name: '202 to sent (notifications service)', group: 'notifications-delivery', baseline: false, run: deliveryLatency },
  ],
};

function postOptions(url: string): autocannon.Options {
  return { url: `${url}/notifications`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: BODY, connections: CONNECTIONS };
}

async function deliveryLatency(ctx: BenchContext): Promise<ScenarioResult> {
  const { url, databaseUrl } = await startService(ctx);
  const accepted = new Map<string, number>();
  const windowStart = Date.now() + WARM_UP_SECONDS * 1000;
  await steadyRate(LATENCY_RATE, WARM_UP_SECONDS * 1000 + ctx.settings.latencyWindowMs, async () => {
    const response = await fetch(`${url}/notifications`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: BODY });
    const answeredAt = Date.now();
    if (response.status !== 202) {
      throw new Error(`POST answered ${response.status}: ${await response.text()}`);
    }
    const { id } = (await response.json()) as { id: string };
    if (answeredAt >= windowStart) {
      accepted.set(id, answeredAt);
    }
  });
  // sent_at is the database's clock at the commit that recorded the send; same host, same clock.
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ids = [...accepted.keys()];
    const deadline = Date.now() + 60_000;
    let rows: Array<{ id: string; sent_at: Date }> = [];
    for (;;) {
      ({ rows } = await client.query(`SELECT id, sent_at FROM notifications.notifications WHERE id = ANY($1::uuid[]) AND status = 'sent'`, [ids]));
      if (rows.length === ids.length) break;
      if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${ids.length} notifications sent after 60 s`);
      await sleep(100);
    }
    const samples = rows.map((row) => row.sent_at.getTime() - accepted.get(row.id)!);
    const ms = (p: number) => ({ value: Math.round(percentile(samples, p) * 10) / 10, unit: 'ms' });
    return { metrics: { p50: ms(50), p99: ms(99) } };
  } finally {
    await client.end();
  }
}
