/**
 * RabbitMQ scenarios (issue 3, Performance): Tenaz beside raw amqplib measured in the same run, on
 * the same broker, the same quorum queue layout and the same message bytes. Every scenario run
 * gets a vhost of its own (deleted afterwards) besides the PostgreSQL schema the bench context
 * gives it.
 *
 *   rabbitmq-publish   publishes with many in flight           Tenaz ≥ 0.8× raw
 *   rabbitmq-consume   drain a backlog, manual acks, prefetch  Tenaz ≥ 0.8× raw
 *   rabbitmq-latency   end to end at 200 messages/s, p50       Tenaz ≤ 1.5× raw
 *   rabbitmq-outbox    outbox relay throughput                 Tenaz ≥ 0.5× raw publish
 */
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { Client } from 'pg';
import { createMessaging, type Messaging } from '@tenaz/messaging';
import type { BenchContext } from '../core/context';
import { LatencyRecorder } from '../core/latency';
import { quietLogger } from '../core/quiet-logger';
import { createVhost, deleteVhost } from '../core/rabbitmq-sandbox';
import type { Scenario, ScenarioModule, ScenarioResult } from '../core/scenario';
import { throughputFor, waitFor } from '../core/timing';
import { PUBLISH_OPTIONS, QUEUE, payload, publishInput } from '../core/workload';

/** Publishes in flight at once, for raw amqplib and for Tenaz (concurrent callers) alike. */
const IN_FLIGHT = 256;
const PREFETCH = 100;
const CONSUME_CONCURRENCY = 50;
const RATE = 200;
const WARM_UP_MS = 300;
const OUTBOX_ROWS = 20_000;
/** The work queue Tenaz uses for queue `bench` at priority 0; the raw scenarios use it too. */
const WORK_QUEUE = `tenaz.${QUEUE}.p0`;

const groups = [
  {
    name: 'rabbitmq-publish',
    title: `RabbitMQ publish, ${IN_FLIGHT} in flight, confirmed`,
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.8 }],
  },
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
  {
    name: 'rabbitmq-outbox',
    title: 'outbox relay throughput beside raw confirmed publishing',
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher', goal: 0.5 }],
  },
] satisfies ScenarioModule['groups'];

/** A vhost for this run, deleted by `ctx.close()`. Returns its URL. */
async function vhostFor(ctx: BenchContext): Promise<string> {
  const vhost = await createVhost('bench');
  ctx.defer(() => deleteVhost(vhost.name));
  return vhost.url;
}

/** A Tenaz instance whose queue `bench` runs on RabbitMQ (track_trace's policy), closed by `ctx.close()`. */
async function tenaz(ctx: BenchContext, url: string, rabbitmq: { outbox: { relay: boolean } }): Promise<Messaging> {
  const messaging = await createMessaging({
    postgres: { connectionString: ctx.databaseUrl, schema: ctx.schema },
    rabbitmq: { url, ...rabbitmq },
    queues: {
      [QUEUE]: {
        slaMs: 10_000,
        transport: 'rabbitmq',
        retry: { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000 },
      },
    },
    logger: quietLogger,
  });
  ctx.defer(() => messaging.close());
  return messaging;
}

/** A raw amqplib connection, configured as well as Tenaz's: Nagle's algorithm off. */
async function rawConnection(ctx: BenchContext, url: string) {
  const connection = await amqp.connect(url, { noDelay: true });
  ctx.defer(() => connection.close());
  return connection;
}

/** A raw confirm channel on a connection of its own; the queue comes from a Tenaz instance's topology. */
async function rawConfirmChannel(ctx: BenchContext, url: string) {
  const connection = await rawConnection(ctx, url);
  const channel = await connection.createConfirmChannel();
  const publish = (content: Buffer) =>
    new Promise<void>((resolve, reject) =>
      channel.publish(
        '',
        WORK_QUEUE,
        content,
        { persistent: true, mandatory: true, messageId: randomUUID(), contentType: 'application/json' },
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  return { connection, channel, publish };
}

/** `count` Tenaz messages in the work queue, published by Tenaz (set-up, never timed). */
async function prefill(messaging: Messaging, count: number): Promise<void> {
  for (let offset = 0; offset < count; offset += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, count - offset) }, () => ({ ...publishInput(), options: PUBLISH_OPTIONS }));
    const results = await messaging.publisher.publishMany(batch);
    if (results.some((result) => result.status !== 'delivered')) {
      throw new Error('prefill: a publish failed');
    }
  }
}

async function measure(ctx: BenchContext, operation: () => Promise<number>): Promise<ScenarioResult> {
  await throughputFor(WARM_UP_MS, IN_FLIGHT, operation);
  return { value: await throughputFor(ctx.settings.windowMs, IN_FLIGHT, operation), unit: 'messages/s' };
}

const latencyOptions = (ctx: BenchContext) => ({
  rate: RATE,
  warmUpMs: 1_000,
  windowMs: ctx.settings.latencyWindowMs,
  drainTimeoutMs: 30_000,
});

const rawPublishScenario = (group: string): Scenario => ({
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
async function drained(count: number, handled: () => number, started: number): Promise<ScenarioResult> {
  await waitFor(() => handled() >= count, { timeoutMs: 120_000, everyMs: 5, what: `${count} messages consumed` });
  return { value: count / ((performance.now() - started) / 1000), unit: 'messages/s' };
}

const scenarios: Scenario[] = [
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
        if (message) {
          JSON.parse(message.content.toString());
          channel.ack(message);
          handled += 1;
        }
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
        if (message) {
          recorder.record(JSON.parse(message.content.toString()).sentAt);
          consumer.ack(message);
        }
      });
      return recorder.drive(latencyOptions(ctx), () => raw.publish(Buffer.from(JSON.stringify(payload(performance.now())))));
    },
  },
  {
    name: 'tenaz publish at a steady rate, consume with concurrency 16',
    group: 'rabbitmq-latency',
    baseline: false,
    async run(ctx) {
      const messaging = await tenaz(ctx, await vhostFor(ctx), { outbox: { relay: false } });
      const recorder = new LatencyRecorder();
      await messaging.consumer.consume<{ sentAt: number }>(QUEUE, (message) => recorder.record(message.payload.sentAt), {
        concurrency: 16,
      });
      return recorder.drive(latencyOptions(ctx), async () => {
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
      const relay = await tenaz(ctx, url, { outbox: { relay: true } });
      // Written in one transaction (not timed): the relay sees every row at the commit. Done
      // when a consumer has received every row's message, so nothing depends on outbox tables.
      let received = 0;
      await relay.consumer.consume(
        QUEUE,
        () => {
          received += 1;
        },
        { concurrency: 16 },
      );
      await client.query('BEGIN');
      for (let row = 0; row < OUTBOX_ROWS; row += 1) {
        await writer.publisher.publishTransactional(publishInput(), client, PUBLISH_OPTIONS);
      }
      await client.query('COMMIT');
      const started = performance.now();
      return drained(OUTBOX_ROWS, () => received, started);
    },
  },
];

export const rabbitmq: ScenarioModule = { groups, scenarios };
