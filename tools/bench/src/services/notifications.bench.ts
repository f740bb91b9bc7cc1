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
import type { GoalDefinition, ScenarioModule, ScenarioResult, SystemInfo } from '../core/scenario';
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
/** Notifications per second in the delivery run: issue 14's goal, sustained from 202 to sent. */
const DELIVERY_RATE = 1_000;
/** Deliveries running at once in the delivery run (the service's default is 8). */
const DELIVERY_CONCURRENCY = 16;
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

/** The built notifications service on a fresh database, delivering sms to an instant provider (or not delivering). */
async function startService(
  ctx: BenchContext,
  delivery: { enabled: boolean; concurrency?: number } = { enabled: true },
): Promise<{ url: string; databaseUrl: string }> {
  const databaseUrl = await freshDatabase(ctx, 'notif');
  const url = await startChild(
    ctx,
    MAIN,
    {
      DATABASE_URL: databaseUrl,
      NOTIFICATIONS_PORT: '0',
      API_KEYS: `bench:${API_KEY}`,
      RATE_LIMIT_REQUESTS: '1000000',
      SMS_PROVIDER_URL: await instantProvider(ctx),
      LOG_LEVEL: 'info',
      DELIVERY_ENABLED: String(delivery.enabled),
      ...(delivery.concurrency ? { DELIVERY_CONCURRENCY: String(delivery.concurrency) } : {}),
    },
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
  return {
    metrics: { throughput: { value: result.requests.average * eventsPerRequest, unit }, p99: { value: result.latency.p99, unit: 'ms' } },
  };
}

/** The bare endpoint and the services as systems, so issue 14's goals can name them. */
export const CEILING_SYSTEM: SystemInfo = {
  id: 'bare-insert',
  label: 'bare NestJS endpoint, one INSERT',
  family: 'postgres',
  role: 'raw',
  settings: 'pg pool of 20, one INSERT per request',
};
const API_ONLY: SystemInfo = {
  id: 'notifications-api',
  label: 'notifications, delivery off',
  family: 'postgres',
  role: 'tenaz',
  settings: 'DELIVERY_ENABLED=false',
};
const WITH_DELIVERY: SystemInfo = {
  id: 'notifications-full',
  label: 'notifications, delivery on',
  family: 'postgres',
  role: 'tenaz',
  settings: 'defaults (delivery in the same process)',
};
const DELIVERY: SystemInfo = {
  id: 'notifications-delivery',
  label: 'notifications service',
  family: 'postgres',
  role: 'tenaz',
  settings: `DELIVERY_CONCURRENCY=${DELIVERY_CONCURRENCY}`,
};

/** Issue 14's goals for an intake group: throughput ratios to the bare endpoint with the consumer off and on, p99 at most 3×. */
export function intakeGoals(what: string, apiOnly: string, withConsumer: string, consumer: string): GoalDefinition[] {
  return [
    {
      text: `${what}, ${consumer} off ≥ 0.5× bare INSERT`,
      metric: 'throughput',
      subject: apiOnly,
      against: CEILING_SYSTEM.id,
      ratio: 0.5,
      direction: 'higher',
    },
    {
      text: `${what}, ${consumer} on ≥ 0.3× bare INSERT`,
      metric: 'throughput',
      subject: withConsumer,
      against: CEILING_SYSTEM.id,
      ratio: 0.3,
      direction: 'higher',
    },
    {
      text: `${what} p99, ${consumer} off ≤ 3× bare INSERT`,
      metric: 'p99',
      subject: apiOnly,
      against: CEILING_SYSTEM.id,
      ratio: 3,
      direction: 'lower',
    },
    {
      text: `${what} p99, ${consumer} on ≤ 3× bare INSERT`,
      metric: 'p99',
      subject: withConsumer,
      against: CEILING_SYSTEM.id,
      ratio: 3,
      direction: 'lower',
    },
  ];
}

export const notifications: ScenarioModule = {
  groups: [
    {
      name: 'notifications-post',
      title: `POST /notifications (202) with ${CONNECTIONS} connections, delivery off and on, beside a bare NestJS INSERT endpoint`,
      metrics: [
        { key: 'throughput', label: 'requests/s', direction: 'higher', goal: null },
        { key: 'p99', label: 'p99 ms', direction: 'lower', goal: null },
      ],
      goals: intakeGoals('POST /notifications', API_ONLY.id, WITH_DELIVERY.id, 'delivery'),
    },
    {
      name: 'notifications-delivery',
      title: `${DELIVERY_RATE} notifications/s posted: sent per second and time from the 202 to sent, provider answering at once`,
      metrics: [
        { key: 'throughput', label: 'sent/s', direction: 'higher', goal: null },
        { key: 'p50', label: 'p50 ms', direction: 'lower', goal: null },
        { key: 'p99', label: 'p99 ms', direction: 'lower', goal: null },
      ],
      goals: [
        {
          text: `delivery sustains ${DELIVERY_RATE} sent/s`,
          metric: 'throughput',
          subject: DELIVERY.id,
          limit: DELIVERY_RATE * 0.98,
          direction: 'higher',
        },
        { text: 'delivery 202 → sent p99 < 100 ms', metric: 'p99', subject: DELIVERY.id, limit: 100, direction: 'lower' },
      ],
    },
  ],
  scenarios: [
    {
      name: 'bare NestJS endpoint, one INSERT (ceiling)',
      group: 'notifications-post',
      baseline: true,
      system: CEILING_SYSTEM,
      async run(ctx) {
        const databaseUrl = await freshDatabase(ctx, 'notif');
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(
          'CREATE TABLE ceiling_notifications (id uuid PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
        );
        await client.end();
        const url = await startChild(ctx, CEILING, { DATABASE_URL: databaseUrl, PORT: '0' }, 'listening');
        return load(postOptions(url), ctx.settings.windowMs / 1000);
      },
    },
    {
      name: 'POST /notifications, delivery off (notifications service)',
      group: 'notifications-post',
      baseline: false,
      system: API_ONLY,
      async run(ctx) {
        const { url } = await startService(ctx, { enabled: false });
        return load(postOptions(url), ctx.settings.windowMs / 1000);
      },
    },
    {
      name: 'POST /notifications, delivery on (notifications service)',
      group: 'notifications-post',
      baseline: false,
      system: WITH_DELIVERY,
      async run(ctx) {
        const { url } = await startService(ctx);
        return load(postOptions(url), ctx.settings.windowMs / 1000);
      },
    },
    {
      name: `${DELIVERY_RATE}/s, 202 to sent (notifications service)`,
      group: 'notifications-delivery',
      baseline: false,
      system: DELIVERY,
      run: deliveryLatency,
    },
  ],
};

function postOptions(url: string): autocannon.Options {
  return {
    url: `${url}/notifications`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: BODY,
    connections: CONNECTIONS,
  };
}

async function deliveryLatency(ctx: BenchContext): Promise<ScenarioResult> {
  const { url, databaseUrl } = await startService(ctx, { enabled: true, concurrency: DELIVERY_CONCURRENCY });
  const accepted = new Map<string, number>();
  const windowStart = Date.now() + WARM_UP_SECONDS * 1000;
  await steadyRate(DELIVERY_RATE, WARM_UP_SECONDS * 1000 + ctx.settings.latencyWindowMs, async () => {
    const response = await fetch(`${url}/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: BODY,
    });
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
      ({ rows } = await client.query(`SELECT id, sent_at FROM notifications.notifications WHERE id = ANY($1::uuid[]) AND status = 'sent'`, [
        ids,
      ]));
      if (rows.length === ids.length) break;
      if (Date.now() > deadline) throw new Error(`only ${rows.length} of ${ids.length} notifications sent after 60 s`);
      await sleep(100);
    }
    const samples = rows.map((row) => row.sent_at.getTime() - accepted.get(row.id)!);
    const ms = (p: number) => ({ value: Math.round(percentile(samples, p) * 10) / 10, unit: 'ms' });
    // Sent per second over the window: from the first 202 measured to the last send recorded.
    const first = Math.min(...accepted.values());
    const last = Math.max(...rows.map((row) => row.sent_at.getTime()));
    return {
      metrics: { throughput: { value: Math.round(ids.length / ((last - first) / 1000)), unit: 'sent/s' }, p50: ms(50), p99: ms(99) },
    };
  } finally {
    await client.end();
  }
}
