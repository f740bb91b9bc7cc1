'use strict';

const { escapeIdentifier } = require('pg');
const { percentile } = require('../lib/stats');
const { steadyRate, waitFor } = require('../lib/timing');
const { PUBLISH_OPTIONS, QUEUE, publishInput, rawClaimAndDelete, rawInsertOne } = require('../lib/workload');

const RATE = 200;
/** Sent before the measured window and not counted: fresh schema, cold caches, JIT. */
const WARM_UP_MS = 1_000;
const CLAIM_BATCH = 100;
const PRODUCER_CONNECTIONS = 8;

const groups = [
  {
    name: 'latency-200',
    title: `end-to-end latency at ${RATE} messages/s`,
    metrics: [
      { key: 'p50', label: 'p50 ms', direction: 'lower', goal: 1.2 },
      { key: 'p99', label: 'p99 ms', direction: 'lower', goal: 1.0 },
    ],
  },
];

/**
 * Collects latencies of messages sent inside the measured window: from just before the producer
 * starts its write to when the consumer's code holds the message (both clocks are this process's
 * performance.now(), carried in the payload as `sentAt`).
 */
class LatencyRecorder {
  constructor() {
    this.windowStart = Number.POSITIVE_INFINITY;
    this.received = 0;
    this.samples = [];
    /** The consumer's first error, which ends the scenario. */
    this.failure = undefined;
    this.writeP50 = NaN;
  }

  record(sentAt, now = performance.now()) {
    this.received += 1;
    if (sentAt >= this.windowStart) {
      this.samples.push(now - sentAt);
    }
  }

  result() {
    const ms = (p) => ({ value: Math.round(percentile(this.samples, p) * 100) / 100, unit: 'ms' });
    return {
      metrics: { p50: ms(50), p99: ms(99) },
      samples: this.samples.length,
      note: `producer writes p50 ${this.writeP50.toFixed(2)} ms`,
    };
  }
}

/** Runs the producer at the steady rate, then waits until the consumer has seen every message. */
async function drive(ctx, send, recorder) {
  recorder.windowStart = performance.now() + WARM_UP_MS;
  // How long the producer's own writes take: a side whose writes take longer than the interval
  // between sends (5 ms) cannot keep up with the rate on the machine as loaded, and its latency
  // then measures a growing queue rather than the path of one message.
  const writes = [];
  const timedSend = async (i) => {
    const started = performance.now();
    await send(i);
    writes.push(performance.now() - started);
  };
  const total = await steadyRate(RATE, WARM_UP_MS + ctx.settings.latencyWindowMs, timedSend);
  recorder.writeP50 = percentile(writes, 50);
  const seenAll = () => {
    if (recorder.failure) {
      throw recorder.failure;
    }
    return recorder.received >= total;
  };
  await waitFor(seenAll, { timeoutMs: 30_000, what: `${total} messages at the consumer` });
  if (recorder.received !== total) {
    throw new Error(`received ${recorder.received} messages for ${total} sent`);
  }
}

const scenarios = [
  {
    name: 'raw INSERT + NOTIFY trigger, LISTEN consumer claiming with SKIP LOCKED',
    group: 'latency-200',
    baseline: true,
    async run(ctx) {
      await ctx.createQueueTable();
      // The seed's trigger, as written there, but on a channel named after this run's schema so
      // no other program on the server shares it.
      const channel = `${ctx.schema}_new_message_${QUEUE}`;
      const setup = await ctx.client();
      await setup.query(`
        CREATE FUNCTION notify_new_message() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify(TG_TABLE_SCHEMA || '_new_message_' || NEW.queue_name, NEW.id::text);
            RETURN NEW;
        END;
        $$`);
      await setup.query(`CREATE TRIGGER trigger_notify_message AFTER INSERT ON reliable_messages
                         FOR EACH ROW EXECUTE FUNCTION notify_new_message()`);

      const recorder = new LatencyRecorder();
      const claimer = ctx.pool(1);
      const listener = await ctx.client();
      let claiming = false;
      let again = false;
      // One claim in flight at a time; a NOTIFY arriving meanwhile makes it claim once more.
      const claim = async () => {
        if (claiming) {
          again = true;
          return;
        }
        claiming = true;
        try {
          do {
            again = false;
            const { rows } = await claimer.query(rawClaimAndDelete(CLAIM_BATCH));
            const now = performance.now();
            rows.forEach((row) => recorder.record(row.payload.sentAt, now));
            again ||= rows.length === CLAIM_BATCH;
          } while (again);
        } catch (error) {
          recorder.failure ??= error;
        } finally {
          claiming = false;
        }
      };
      listener.on('notification', () => void claim());
      await listener.query(`LISTEN ${escapeIdentifier(channel)}`);

      const producer = ctx.pool(PRODUCER_CONNECTIONS);
      await drive(ctx, () => producer.query(rawInsertOne(performance.now())), recorder);
      return recorder.result();
    },
  },
  {
    name: 'tenaz publish at a steady rate, consume with concurrency 16',
    group: 'latency-200',
    baseline: false,
    async run(ctx) {
      const messaging = await ctx.messaging();
      const recorder = new LatencyRecorder();
      await messaging.consumer.consume(QUEUE, (message) => recorder.record(message.payload.sentAt), { concurrency: 16 });
      await drive(
        ctx,
        async () => {
          const result = await messaging.publisher.publish(publishInput(performance.now()), PUBLISH_OPTIONS);
          if (result.status !== 'delivered') {
            throw new Error(`publish failed: ${result.error}`);
          }
        },
        recorder,
      );
      return recorder.result();
    },
  },
];

module.exports = { groups, scenarios };
