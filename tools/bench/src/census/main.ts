#!/usr/bin/env node
/**
 * `node tools/bench/dist/census/main.js`: how many statements (= round trips: `pg` sends one per
 * call) and transactions each unit of work costs the built services, counted inside the service
 * processes by `statement-counter.ts`:
 * - per notification accepted by `POST /notifications` (without and with an Idempotency-Key), in
 *   a process with delivery off; then per notification delivered, in a second process with
 *   delivery on draining what the first accepted;
 * - per tracking event accepted by `POST /shipments/:tn/events` and by `POST /events/batch`, with
 *   the projection off; then per event applied, in a second process with the projection on.
 * Each service gets a database of its own, dropped afterwards. Needs `npm run build`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchContext } from '../core/context';
import { APPS_DIST } from '../core/paths';
import { sleep, waitFor } from '../core/timing';
import { freshDatabase, localServer, startChild } from '../services/child-services';
import type { StatementCounts } from './statement-counter';

const API_KEY = 'census-key-0123456789abcdef';
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
const COUNT = Number(process.env['CENSUS_COUNT'] ?? 1_000);
const CONCURRENCY = 16;
const SHIPMENTS = 100;
const COUNTER = join(__dirname, 'statement-counter.js');
const NOTIFICATION = { channel: 'sms', recipient: '+5215512345678', body: 'Tu paquete TN-1234 va en camino', countryCode: 'MX' };

const directory = mkdtempSync(join(tmpdir(), 'tenaz-census-'));
let files = 0;

/** A service process with the counter preloaded; returns its URL and a reader of its counts so far. */
async function counted(
  ctx: BenchContext,
  app: string,
  env: Record<string, string>,
  ready: string,
): Promise<{ url: string; counts: () => Promise<StatementCounts> }> {
  files += 1;
  const file = join(directory, `${app}-${files}.json`);
  const url = await startChild(ctx, join(APPS_DIST, app, 'main.js'), { ...env, STATEMENT_COUNT_FILE: file, LOG_LEVEL: 'info' }, ready, [
    '--require',
    COUNTER,
  ]);
  return {
    url,
    counts: async () => {
      await sleep(300); // two flushes of the counter
      return JSON.parse(readFileSync(file, 'utf8')) as StatementCounts;
    },
  };
}

/** Runs `send(i)` for i < total with `CONCURRENCY` in flight. */
async function concurrently(total: number, send: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next;
        next += 1;
        await send(i);
      }
    }),
  );
}

async function post(url: string, path: string, body: unknown, expect: number, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { ...HEADERS, ...headers }, body: JSON.stringify(body) });
  if (response.status !== expect) {
    throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  }
  await response.arrayBuffer();
}

/** Prints statements per unit between two snapshots, most frequent first, and returns the total per unit. */
function report(title: string, before: StatementCounts, after: StatementCounts, units: number): number {
  const rows = Object.entries(after)
    .map(([statement, count]) => [statement, (count - (before[statement] ?? 0)) / units] as const)
    .filter(([, perUnit]) => perUnit >= 0.005)
    .sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, perUnit]) => sum + perUnit, 0);
  const transactions = rows
    .filter(([statement]) => /^(BEGIN|START TRANSACTION)/i.test(statement))
    .reduce((sum, [, perUnit]) => sum + perUnit, 0);
  process.stdout.write(`\n${title}: ${total.toFixed(2)} statements, ${transactions.toFixed(2)} transactions per unit (${units} units)\n`);
  rows.forEach(([statement, perUnit]) => process.stdout.write(`  ${perUnit.toFixed(2).padStart(6)}  ${statement}\n`));
  return total;
}

async function instantProvider(ctx: BenchContext): Promise<string> {
  const base = await localServer(ctx, (request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":"sms-1"}');
    });
  });
  return `${base}/sms`;
}

async function notifications(ctx: BenchContext): Promise<void> {
  const databaseUrl = await freshDatabase(ctx, 'census');
  const common = {
    DATABASE_URL: databaseUrl,
    NOTIFICATIONS_PORT: '0',
    API_KEYS: `census:${API_KEY}`,
    RATE_LIMIT_REQUESTS: '1000000',
    SMS_PROVIDER_URL: await instantProvider(ctx),
  };
  const api = await counted(ctx, 'notifications', { ...common, DELIVERY_ENABLED: 'false' }, 'notifications service listening');
  await concurrently(50, () => post(api.url, '/notifications', NOTIFICATION, 202)); // warm-up, counted apart
  const start = await api.counts();
  await concurrently(COUNT, () => post(api.url, '/notifications', NOTIFICATION, 202));
  const plain = await api.counts();
  report('POST /notifications (no Idempotency-Key), per notification', start, plain, COUNT);
  await concurrently(COUNT, (i) => post(api.url, '/notifications', NOTIFICATION, 202, { 'idempotency-key': `census-${i}` }));
  report('POST /notifications with an Idempotency-Key, per notification', plain, await api.counts(), COUNT);

  const total = 2 * COUNT + 50;
  const delivery = await counted(
    ctx,
    'notifications',
    { ...common, DELIVERY_ENABLED: 'true', DELIVERY_CONCURRENCY: '16' },
    'notifications service listening',
  );
  const before = await delivery.counts();
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    await waitFor(
      async () =>
        (await sql.query(`SELECT count(*)::int AS sent FROM notifications.notifications WHERE status = 'sent'`)).rows[0].sent === total,
      {
        timeoutMs: 120_000,
        everyMs: 100,
        what: `${total} notifications sent`,
      },
    );
  } finally {
    await sql.end();
  }
  report('delivery, per notification sent (provider answering at once)', before, await delivery.counts(), total);
}

const trackingNumber = (i: number) => `TN-CENSUS-${i % SHIPMENTS}`;
const event = (id: string, i: number) => ({
  eventId: id,
  status: 'in_transit',
  occurredAt: new Date(Date.now() - 60_000 + i).toISOString(),
  location: 'Querétaro, MX',
});

async function tracking(ctx: BenchContext): Promise<void> {
  const databaseUrl = await freshDatabase(ctx, 'census');
  const common = {
    DATABASE_URL: databaseUrl,
    TRACKING_PORT: '0',
    API_KEYS: `census:${API_KEY}`,
    RATE_LIMIT_REQUESTS: '1000000',
    BATCH_MAX_SIZE: '100',
  };
  const api = await counted(ctx, 'tracking', { ...common, PROJECTION_ENABLED: 'false' }, 'tracking service listening');
  for (let i = 0; i < SHIPMENTS; i += 1) {
    await post(api.url, '/shipments', { trackingNumber: trackingNumber(i), recipient: { phone: '+5215512345678' }, notify: [] }, 201);
  }
  await concurrently(50, (i) => post(api.url, `/shipments/${trackingNumber(i)}/events`, event(`warm-${i}`, i), 202));
  const start = await api.counts();
  await concurrently(COUNT, (i) => post(api.url, `/shipments/${trackingNumber(i)}/events`, event(`one-${i}`, i), 202));
  const single = await api.counts();
  report('POST /shipments/:tn/events, per event', start, single, COUNT);
  const batches = Math.max(1, Math.floor(COUNT / 100));
  await concurrently(batches, (b) =>
    post(
      api.url,
      '/events/batch',
      { events: Array.from({ length: 100 }, (_, k) => ({ trackingNumber: trackingNumber(k), ...event(`batch-${b}-${k}`, k) })) },
      202,
    ),
  );
  report('POST /events/batch (100 events a request), per event', single, await api.counts(), batches * 100);

  const total = 50 + COUNT + batches * 100;
  const projection = await counted(ctx, 'tracking', { ...common, PROJECTION_ENABLED: 'true' }, 'tracking service listening');
  const before = await projection.counts();
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    await waitFor(
      async () =>
        (await sql.query(`SELECT count(*)::int AS applied FROM tracking.tracking_events WHERE applied_at IS NOT NULL`)).rows[0].applied ===
        total,
      {
        timeoutMs: 120_000,
        everyMs: 100,
        what: `${total} events applied`,
      },
    );
  } finally {
    await sql.end();
  }
  report('projection, per event applied (no subscriptions)', before, await projection.counts(), total);
}

async function main(): Promise<void> {
  const ctx = new BenchContext({ windowMs: 0, latencyWindowMs: 0, backlog: 0, drainDeadlineMs: 0, quick: false });
  try {
    await notifications(ctx);
    await tracking(ctx);
  } finally {
    await ctx.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
