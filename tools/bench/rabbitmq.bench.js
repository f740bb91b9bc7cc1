'use strict';

/**
 * RabbitMQ scenarios of `npm run bench` (issue 3, Performance): Tenaz beside raw amqplib measured
 * in the same run, on the same broker, the same quorum queue layout and the same message bytes.
 * Every scenario run gets a vhost of its own (rabbitmqctl add_vhost, deleted afterwards) besides
 * the PostgreSQL schema the bench context gives it. Loaded by lib/registry.js when present.
 *
 *   rabbitmq-publish   publishes with many in flight           Tenaz ≥ 0.8× raw
 *   rabbitmq-consume   drain a backlog, manual acks, prefetch  Tenaz ≥ 0.8× raw
 *   rabbitmq-latency   end to end at 200 messages/s, p50       Tenaz ≤ 1.5× raw
 *   rabbitmq-outbox    outbox relay throughput                 Tenaz ≥ 0.5× raw publish
 */
const { execFile } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { promisify } = require('node:util');
const amqp = require('amqplib');
const { Client, escapeIdentifier } = require('pg');
const { createMessaging } = require('@tenaz/messaging');
const { quietLogger } = require('./lib/context');
const { percentile } = require('./lib/stats');
const { sleep, steadyRate, throughputFor, waitFor } = require('./lib/timing');
const { PUBLISH_OPTIONS, QUEUE, payload, publishInput } = require('./lib/workload');

const BROKER = process.env.TENAZ_BENCH_RABBITMQ || 'amqp://guest:guest@127.0.0.1:5672';
/** Publishes in flight at once, for raw amqplib and for Tenaz (concurrent callers) alike. */
const IN_FLIGHT = 256;
const PREFETCH = 100;
const CONSUME_CONCURRENCY = 50;
const RATE = 200;
const WARM_UP_MS = 300;
const LATENCY_WARM_UP_MS = 1_000;
const OUTBOX_ROWS = 20_000;
/** The work queue Tenaz uses for queue `bench` at priority 0; the raw scenarios use it too. */
const WORK_QUEUE = `tenaz.${QUEUE}.p0`;

const groups = [
  { name: 'rabbitmq-publish', title: `RabbitMQ publish, ${IN_FLIGHT} in flight, confirmed`, metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.8 }] },
  {
    name: 'rabbitmq-consume',
    title: `RabbitMQ drain a backlog, manual acks, prefetch ${PREFETCH}`,
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.8 }],
  },
  {
    name: 'rabbitmq-latency',
    title: `RabbitMQ end-to-end latency at ${RATE} messages/s`,
    metrics: [
      { key: 'p50', label: 'p50 ms', direction: 'lower', goal: 1.5 },
      { key: 'p99', label: 'p99 ms', direction: 'lower' },
    ],
  },
  { name: 'rabbitmq-outbox', title: 'outbox relay throughput beside raw confirmed publishing', metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.5 }] },
];

const rabbitmqctl = (...args) => promisify(execFile)('rabbitmqctl', args, { timeout: 120_000 });

/** A vhost for this run, deleted by `ctx.close()`. Returns its URL. */
async function vhostFor(ctx) {
  const name = `bench_${process.pid}_${randomUUID().slice(0, 8)}`;
  await rabbitmqctl('add_vhost', name);
  ctx.defer(() => rabbitmqctl('delete_vhost', name));
  await rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
  return `${BROKER}/${name}`;
}

/** A Tenaz instance whose queue `bench` runs on RabbitMQ (track_trace's policy), closed by `ctx.close()`. */
async function tenaz(ctx, url, rabbitmq = {}) {
  const messaging = await createMessaging({
    postgres: { connectionString: ctx.databaseUrl, schema: ctx.schema },
    rabbitmq: { url, ...rabbitmq },
    queues: { [QUEUE]: { slaMs: 10_000, transport: 'rabbitmq', retry: { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000 } } },
    logger: quietLogger,
  });
  ctx.defer(() => messaging.close());
  return messaging;
}

/** A raw amqplib connection, configured as well as Tenaz's: Nagle's algorithm off. */
async function rawConnection(ctx, url) {
  const connection = await amqp.connect(url, { noDelay: true });
  ctx.defer(() => connection.close());
  return connection;
}

/** A raw confirm channel on a connection of its own; the queue comes from a Tenaz instance's topology. */
async function rawConfirmChannel(ctx, url) {
  const connection = await rawConnection(ctx, url);
  const channel = await connection.createConfirmChannel();
  const publish = (content) =>
    new Promise((resolve, reject) =>
      channel.publish('', WORK_QUEUE, content, { persistent: true, mandatory: true, messageId: randomUUID(), contentType: 'application/json' }, (error) => (error ? reject(error) : resolve())),
    );
  return { connection, channel, publish };
}

/** `count` Tenaz messages in the work queue, published by Tenaz (set-up, never timed). */
async function prefill(messaging, count) {
  for (let offset = 0; offset < count; offset += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, count - offset) }, () => ({ ...publishInput(), options: PUBLISH_OPTIONS }));
    const results = await messaging.publisher.publishMany(batch);
    if (results.some((result) => result.status !== 'delivered')) {
      throw new Error('prefill: a publish failed');
    }
  }
}

async function measure(ctx, operation) {
  await throughputFor(WARM_UP_MS, IN_FLIGHT, operation);
  return { value: await throughputFor(ctx.settings.windowMs, IN_FLIGHT, operation), unit: 'messages/s' };
}

/** Latencies of messages sent inside the measured window, from before the publish to the consumer's code. */
class LatencyRecorder {
  constructor() {
    this.windowStart = Number.POSITIVE_INFINITY;
    this.received = 0;
    this.samples = [];
  }

  record(sentAt, now = performance.now()) {
    this.received += 1;
    if (sentAt >= this.windowStart) {
      this.samples.push(now - sentAt);
    }
  }

  async drive(ctx, send) {
    this.windowStart = performance.now() + LATENCY_WARM_UP_MS;
    const total = await steadyRate(RATE, LATENCY_WARM_UP_MS + ctx.settings.latencyWindowMs, send);
    await waitFor(() => this.received >= total, { timeoutMs: 30_000, what: `${total} messages at the consumer` });
    const ms = (p) => ({ value: Math.round(percentile(this.samples, p) * 100) / 100, unit: 'ms' });
    return { metrics: { p50: ms(50), p99: ms(99) } };
  }
}

const rawPublishScenario = (group) => ({
  name: `raw amqplib confirm channel, ${IN_FLIGHT} in flight`,
  group,
  baseline: true,
  async run(ctx) {
    const url = await vhostFor(ctx);
    await tenaz(ctx, url, { outbox: { relay: false } });
    const raw = await rawConfirmChannel(ctx, url);
    return measure(ctx, async () => {
      // Serialised per message, as any real publisher does.
      await raw.publish(Buffer.from(JSON.stringify(payload())));
      return 1;
    });
  },
});

/** Waits until the queue `bench` has drained `count` messages; returns messages per second since `started`. */
async function drained(count, handled, started) {
  await waitFor(() => handled() >= count, { timeoutMs: 120_000, everyMs: 5, what: `${count} messages consumed` });
  return { value: count / ((performance.now() - started) / 1000), unit: 'messages/s' };
}

const scenarios = [
  rawPublishScenario('rabbitmq-publish'),
  {
    name: `tenaz publish, ${IN_FLIGHT} concurrent callers`,
    group: 'rabbitmq-publish',
    baseline: false,
    async run(ctx) {
      const messaging = await tenaz(ctx, await vhostFor(ctx), { outbox: { relay: false } });
      return measure(ctx, async () => {
        const result = await messaging.publisher.publish(publishInput(), PUBLISH_OPTIONS);
        if (result.status !== 'delivered') {
          throw new Error(`publish failed: ${result.error}`);
        }
        return 1;
      });
    },
  },
  {
    name: `raw amqplib consume, manual ack, prefetch ${PREFETCH}`,
    group: 'rabbitmq-consume',
    baseline: true,
    async run(ctx) {
      const url = await vhostFor(ctx);
      const backlog = ctx.settings.backlog;
      await prefill(await tenaz(ctx, url, { outbox: { relay: false } }), backlog);
      const { channel } = await rawConfirmChannel(ctx, url);
      await channel.prefetch(PREFETCH);
      let handled = 0;
      const started = performance.now();
      await channel.consume(WORK_QUEUE, (message) => {
        JSON.parse(message.content.toString());
        channel.ack(message);
        handled += 1;
      });
      return drained(backlog, () => handled, started);
    },
  },
  {
    name: `tenaz consume, concurrency ${CONSUME_CONCURRENCY}, prefetch ${PREFETCH}`,
    group: 'rabbitmq-consume',
    baseline: false,
    async run(ctx) {
      const backlog = ctx.settings.backlog;
      const messaging = await tenaz(ctx, await vhostFor(ctx), { outbox: { relay: false } });
      await prefill(messaging, backlog);
      const started = performance.now();
      const handle = await messaging.consumer.consume(QUEUE, () => undefined, { concurrency: CONSUME_CONCURRENCY, prefetch: PREFETCH });
      return drained(backlog, () => handle.counts.acked, started);
    },
  },
  {
    name: `raw amqplib: confirm-channel publish, consume with prefetch ${PREFETCH}`,
    group: 'rabbitmq-latency',
    baseline: true,
    async run(ctx) {
      const url = await vhostFor(ctx);
      await tenaz(ctx, url, { outbox: { relay: false } });
      const raw = await rawConfirmChannel(ctx, url);
      // Publisher and consumer on connections of their own, as Tenaz has them.
      const consumer = await (await rawConnection(ctx, url)).createChannel();
      await consumer.prefetch(PREFETCH);
      const recorder = new LatencyRecorder();
      await consumer.consume(WORK_QUEUE, (message) => {
        recorder.record(JSON.parse(message.content.toString()).sentAt);
        consumer.ack(message);
      });
      return recorder.drive(ctx, () => raw.publish(Buffer.from(JSON.stringify(payload(performance.now())))));
    },
  },
  {
    name: 'tenaz publish at a steady rate, consume with concurrency 16',
    group: 'rabbitmq-latency',
    baseline: false,
    async run(ctx) {
      const messaging = await tenaz(ctx, await vhostFor(ctx), { outbox: { relay: false } });
      const recorder = new LatencyRecorder();
      await messaging.consumer.consume(QUEUE, (message) => recorder.record(message.payload.sentAt), { concurrency: 16 });
      return recorder.drive(ctx, async () => {
        const result = await messaging.publisher.publish(publishInput(performance.now()), PUBLISH_OPTIONS);
        if (result.status !== 'delivered') {
          throw new Error(`publish failed: ${result.error}`);
        }
      });
    },
  },
  rawPublishScenario('rabbitmq-outbox'),
  {
    name: `tenaz outbox relay, ${OUTBOX_ROWS.toLocaleString('en-US')} rows committed at once`,
    group: 'rabbitmq-outbox',
    baseline: false,
    async run(ctx) {
      const url = await vhostFor(ctx);
      const writer = await tenaz(ctx, url, { outbox: { relay: false } });
      const client = new Client({ connectionString: ctx.databaseUrl });
      await client.connect();
      ctx.defer(() => client.end());
      await tenaz(ctx, url, { outbox: { relay: true } });
      // Written in one transaction (not timed): the relay sees every row at the commit.
      await client.query('BEGIN');
      for (let row = 0; row < OUTBOX_ROWS; row += 1) {
        await writer.publisher.publishTransactional(publishInput(), client, PUBLISH_OPTIONS);
      }
      await client.query('COMMIT');
      const started = performance.now();
      const table = `${escapeIdentifier(ctx.schema)}.outbox`;
      const pending = async () => (await client.query(`SELECT count(*)::int AS n FROM ${table} WHERE status = 'pending'`)).rows[0].n;
      // Polled every 20 ms: at a few thousand rows a second that is well under 1% of a run.
      while ((await pending()) > 0) {
        await sleep(20);
      }
      return { value: OUTBOX_ROWS / ((performance.now() - started) / 1000), unit: 'messages/s' };
    },
  },
];

module.exports = { groups, scenarios };
