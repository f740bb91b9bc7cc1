/**
 * Issue 5's performance section (needs `npm run build`):
 * - events/s accepted by `POST /shipments/:trackingNumber/events` (autocannon), beside the ceiling
 *   (a bare NestJS endpoint doing one INSERT, notifications-ceiling-server.ts), and by
 *   `POST /events/batch` with 100 events a request;
 * - time from the 202 to the event showing in the timeline (p50/p99) at a steady 200 events/s;
 * - time from a milestone event's 202 to the notification reaching the provider, through the
 *   built notifications service.
 * Each run gets a database of its own (both services' schemas live in one), dropped afterwards.
 */
import { join } from 'node:path';
import type autocannon from 'autocannon';
import type { BenchContext } from '../core/context';
import { APPS_DIST } from '../core/paths';
import type { ScenarioModule, ScenarioResult, SystemInfo } from '../core/scenario';
import { percentile } from '../core/stats';
import { sleep, steadyRate } from '../core/timing';
import { client, freshDatabase, recordingProvider, startChild } from './child-services';
import { API_KEY, CEILING, CEILING_SYSTEM, WARM_UP_SECONDS, intakeGoals, load } from './notifications.bench';

const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };
/** 16 connections: enough to saturate two cores, few enough not to queue on the pool (20). */
const CONNECTIONS = 16;
/** Batches are heavier: 4 connections keep 400 events in flight. */
const BATCH_CONNECTIONS = 4;
const BATCH_SIZE = 100;
/** Events spread over this many shipments, as carriers post for many parcels at once. */
const SHIPMENTS = 200;
/** The steady load for the 202-to-timeline latency. */
const TIMELINE_RATE = 200;
/** Milestones per second in the notification run: issue 14's goal. */
const NOTIFY_RATE = 200;
/** How often the timeline run looks for applied events; the latency's resolution. */
const POLL_MS = 2;
const STATUSES = ['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered'];

/** How a run starts the tracking service: its projection on or off, subscriptions and shipments registered. */
interface TrackingSetup {
  notify?: Array<{ on: string; channel: string }>;
  projection?: boolean;
  shipments?: number;
}

/** The built tracking service on `databaseUrl`, with `shipments` (default `SHIPMENTS`) shipments registered. */
async function startTracking(ctx: BenchContext, databaseUrl: string, setup: TrackingSetup = {}): Promise<string> {
  const url = await startChild(
    ctx,
    join(APPS_DIST, 'tracking', 'main.js'),
    {
      DATABASE_URL: databaseUrl,
      TRACKING_PORT: '0',
      API_KEYS: `bench:${API_KEY}`,
      RATE_LIMIT_REQUESTS: '1000000',
      BATCH_MAX_SIZE: String(BATCH_SIZE),
      LOG_LEVEL: 'info',
      PROJECTION_ENABLED: String(setup.projection ?? true),
    },
    'tracking service listening',
  );
  const shipments = setup.shipments ?? SHIPMENTS;
  // Eight registrations in flight: a thousand shipments in a second or two rather than ten.
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let index = next++; index < shipments; index = next++) {
        const body = {
          trackingNumber: trackingNumber(index, shipments),
          recipient: { phone: `+52155${String(1_000_000 + index).padStart(8, '0')}` },
          notify: setup.notify ?? [],
        };
        const response = await fetch(`${url}/shipments`, { method: 'POST', headers: HEADERS, body: JSON.stringify(body) });
        if (response.status !== 201) {
          throw new Error(`POST /shipments answered ${response.status}: ${await response.text()}`);
        }
        await response.arrayBuffer();
      }
    }),
  );
  return url;
}

const trackingNumber = (index: number, shipments = SHIPMENTS) => `TN-BENCH-${index % shipments}`;

/** The n-th event of the run: unique id, a shipment by round robin, a recent time. */
function event(n: number) {
  return {
    eventId: `ev-${n}`,
    status: STATUSES[n % STATUSES.length],
    occurredAt: new Date(Date.now() - 60_000 + (n % 1000)).toISOString(),
    location: 'Querétaro, MX',
  };
}

/** One request at a time with a fresh event: the single form. */
function singleEventRequests(): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: 'POST',
      setupRequest: (request) => {
        n += 1;
        return { ...request, path: `/shipments/${trackingNumber(n)}/events`, body: JSON.stringify(event(n)) };
      },
    },
  ];
}

/** A batch of fresh events over many shipments: the batch form. */
function batchRequests(): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/events/batch',
      setupRequest: (request) => {
        const events = Array.from({ length: BATCH_SIZE }, () => {
          n += 1;
          return { trackingNumber: trackingNumber(n), ...event(n) };
        });
        return { ...request, body: JSON.stringify({ events }) };
      },
    },
  ];
}

/** Posts one event and returns when its 202 arrived (ms, this process's clock). */
async function postEvent(url: string, n: number): Promise<number> {
  const response = await fetch(`${url}/shipments/${trackingNumber(n)}/events`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(event(n)),
  });
  const answeredAt = performance.now();
  if (response.status !== 202) {
    throw new Error(`POST answered ${response.status}: ${await response.text()}`);
  }
  await response.arrayBuffer();
  return answeredAt;
}

const ms = (samples: number[], p: number) => ({ value: Math.round(percentile(samples, p) * 10) / 10, unit: 'ms' });

/** Samples of 202-to-timeline: a poller sees each event once applied (committed) by the projection. */
async function timelineLatency(ctx: BenchContext): Promise<ScenarioResult> {
  const databaseUrl = await freshDatabase(ctx, 'track');
  const url = await startTracking(ctx, databaseUrl);
  const sql = await client(ctx, databaseUrl);
  const answered = new Map<string, number>();
  const seen = new Map<string, number>();
  let posting = true;
  let stopped = false;
  // The poller never outlives the run: it stops on its own once everything was seen, or when told.
  const poller = (async () => {
    while (!stopped && (posting || seen.size < answered.size)) {
      const waiting = [...answered.keys()].filter((id) => !seen.has(id));
      if (waiting.length > 0) {
        const { rows } = await sql.query(
          'SELECT event_id FROM tracking.tracking_events WHERE applied_at IS NOT NULL AND event_id = ANY($1::text[])',
          [waiting],
        );
        const now = performance.now();
        rows.forEach((row) => seen.set(row.event_id, now));
      }
      await sleep(POLL_MS);
    }
  })();
  const warmUpUntil = performance.now() + WARM_UP_SECONDS * 1000;
  try {
    await steadyRate(TIMELINE_RATE, WARM_UP_SECONDS * 1000 + ctx.settings.latencyWindowMs, async (n) => {
      const answeredAt = await postEvent(url, n);
      if (answeredAt >= warmUpUntil) {
        answered.set(`ev-${n}`, answeredAt);
      }
    });
    posting = false;
    const deadline = sleep(30_000).then(() => 'timeout');
    if ((await Promise.race([poller, deadline])) === 'timeout') {
      throw new Error(`only ${seen.size} of ${answered.size} events applied after 30 s`);
    }
  } finally {
    stopped = true;
    await poller.catch(() => undefined);
  }
  const samples = [...answered].map(([id, at]) => seen.get(id)! - at);
  return { metrics: { p50: ms(samples, 50), p99: ms(samples, 99) } };
}

/** Samples of milestone-202-to-provider: each shipment reaches `delivered` once, subscribed by sms. */
async function notifyLatency(ctx: BenchContext): Promise<ScenarioResult> {
  const databaseUrl = await freshDatabase(ctx, 'track');
  const provider = await recordingProvider(ctx);
  await startChild(
    ctx,
    join(APPS_DIST, 'notifications', 'main.js'),
    { DATABASE_URL: databaseUrl, NOTIFICATIONS_PORT: '0', API_KEYS: `bench:${API_KEY}`, SMS_PROVIDER_URL: provider.url, LOG_LEVEL: 'info' },
    'notifications service listening',
  );
  const total = Math.round((NOTIFY_RATE * ctx.settings.latencyWindowMs) / 1000);
  // One shipment per milestone: each reaches `delivered` once.
  const url = await startTracking(ctx, databaseUrl, { notify: [{ on: 'delivered', channel: 'sms' }], shipments: total });
  const answered = new Map<string, number>();
  await steadyRate(NOTIFY_RATE, (total / NOTIFY_RATE) * 1000, async (n) => {
    const body = { eventId: `dl-${n}`, status: 'delivered', occurredAt: new Date().toISOString() };
    const response = await fetch(`${url}/shipments/${trackingNumber(n, total)}/events`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(body),
    });
    answered.set(trackingNumber(n, total), performance.now());
    if (response.status !== 202) {
      throw new Error(`POST answered ${response.status}: ${await response.text()}`);
    }
    await response.arrayBuffer();
  });
  const deadline = Date.now() + 60_000;
  while (provider.arrivals.size < answered.size) {
    if (Date.now() > deadline) {
      throw new Error(`only ${provider.arrivals.size} of ${answered.size} notifications reached the provider after 60 s`);
    }
    await sleep(20);
  }
  const samples = [...answered].map(([tn, at]) => provider.arrivals.get(tn)! - at);
  return { metrics: { p50: ms(samples, 50), p99: ms(samples, 99) } };
}

const API_ONLY: SystemInfo = {
  id: 'tracking-api',
  label: 'tracking, projection off',
  family: 'postgres',
  role: 'tenaz',
  settings: 'PROJECTION_ENABLED=false',
};
const WITH_PROJECTION: SystemInfo = {
  id: 'tracking-full',
  label: 'tracking, projection on',
  family: 'postgres',
  role: 'tenaz',
  settings: 'defaults (projection in the same process)',
};
const BATCH: SystemInfo = {
  id: 'tracking-batch',
  label: 'tracking, batches',
  family: 'postgres',
  role: 'tenaz',
  settings: `BATCH_MAX_SIZE=${BATCH_SIZE}, projection on`,
};
const CHAIN: SystemInfo = {
  id: 'tracking-to-notifications',
  label: 'tracking + notifications',
  family: 'postgres',
  role: 'tenaz',
  settings: 'defaults',
};

const metrics = (throughput: string, p99: string) => [
  { key: 'throughput', label: throughput, direction: 'higher' as const, goal: null },
  { key: 'p99', label: p99, direction: 'lower' as const, goal: null },
];
const latencyMetrics = [
  { key: 'p50', label: 'p50 ms', direction: 'lower' as const, goal: null },
  { key: 'p99', label: 'p99 ms', direction: 'lower' as const, goal: null },
];

export const tracking: ScenarioModule = {
  groups: [
    {
      name: 'tracking-post',
      title: `POST /shipments/:trackingNumber/events (202) with ${CONNECTIONS} connections, projection off and on, beside a bare NestJS INSERT endpoint`,
      metrics: metrics('events/s', 'p99 ms'),
      goals: intakeGoals('POST /shipments/:tn/events', API_ONLY.id, WITH_PROJECTION.id, 'projection'),
    },
    {
      name: 'tracking-post-batch',
      title: `POST /events/batch, ${BATCH_SIZE} events a request, ${BATCH_CONNECTIONS} connections`,
      metrics: metrics('events/s', 'p99 ms/request'),
      goals: [{ text: 'POST /events/batch ≥ 5,000 events/s', metric: 'throughput', subject: BATCH.id, limit: 5_000, direction: 'higher' }],
    },
    {
      name: 'tracking-timeline',
      title: `time from the 202 to the event in the timeline, ${TIMELINE_RATE} events/s (seen by a ${POLL_MS} ms poll)`,
      metrics: latencyMetrics,
    },
    {
      name: 'tracking-notify',
      title: `time from a milestone event's 202 to the provider receiving its notification, ${NOTIFY_RATE} milestones/s`,
      metrics: latencyMetrics,
      goals: [
        { text: `milestone → provider p99 < 100 ms at ${NOTIFY_RATE}/s`, metric: 'p99', subject: CHAIN.id, limit: 100, direction: 'lower' },
      ],
    },
  ],
  scenarios: [
    {
      name: 'bare NestJS endpoint, one INSERT (ceiling)',
      group: 'tracking-post',
      baseline: true,
      system: CEILING_SYSTEM,
      async run(ctx) {
        const databaseUrl = await freshDatabase(ctx, 'track');
        const sql = await client(ctx, databaseUrl);
        await sql.query(
          'CREATE TABLE ceiling_notifications (id uuid PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
        );
        const url = await startChild(ctx, CEILING, { DATABASE_URL: databaseUrl, PORT: '0' }, 'listening');
        let n = 0;
        const requests: autocannon.Request[] = [
          { method: 'POST', path: '/notifications', setupRequest: (request) => ({ ...request, body: JSON.stringify(event((n += 1))) }) },
        ];
        return load({ url, headers: HEADERS, connections: CONNECTIONS, requests }, ctx.settings.windowMs / 1000, 1, 'events/s');
      },
    },
    {
      name: 'POST /shipments/:tn/events, projection off (tracking service)',
      group: 'tracking-post',
      baseline: false,
      system: API_ONLY,
      async run(ctx) {
        const url = await startTracking(ctx, await freshDatabase(ctx, 'track'), { projection: false });
        return load(
          { url, headers: HEADERS, connections: CONNECTIONS, requests: singleEventRequests() },
          ctx.settings.windowMs / 1000,
          1,
          'events/s',
        );
      },
    },
    {
      name: 'POST /shipments/:tn/events, projection on (tracking service)',
      group: 'tracking-post',
      baseline: false,
      system: WITH_PROJECTION,
      async run(ctx) {
        const url = await startTracking(ctx, await freshDatabase(ctx, 'track'));
        return load(
          { url, headers: HEADERS, connections: CONNECTIONS, requests: singleEventRequests() },
          ctx.settings.windowMs / 1000,
          1,
          'events/s',
        );
      },
    },
    {
      name: `POST /events/batch x${BATCH_SIZE} (tracking service)`,
      group: 'tracking-post-batch',
      baseline: false,
      system: BATCH,
      async run(ctx) {
        const url = await startTracking(ctx, await freshDatabase(ctx, 'track'));
        return load(
          { url, headers: HEADERS, connections: BATCH_CONNECTIONS, requests: batchRequests() },
          ctx.settings.windowMs / 1000,
          BATCH_SIZE,
          'events/s',
        );
      },
    },
    { name: '202 to timeline (tracking service)', group: 'tracking-timeline', baseline: false, run: timelineLatency },
    {
      name: 'milestone 202 to provider (tracking + notifications)',
      group: 'tracking-notify',
      baseline: false,
      system: CHAIN,
      run: notifyLatency,
    },
  ],
};
