import type { GoalDefinition, GroupDefinition } from '../core/scenario';

/** Batch size of the batch enqueue (issue 10). */
export const BATCH = 1_000;
/** The latency run's steady rate (issue 10). */
export const RATE = 200;

/**
 * The goals, per group, as checks on one run. The RabbitMQ transport's "≥ 0.8× raw
 * amqplib in every scenario" reads, for a metric where lower is better, as at most 1 / 0.8 = 1.25×.
 */
const RABBIT_THROUGHPUT = (text: string): GoalDefinition => ({
  text: `RabbitMQ transport ${text} ≥ 0.8× raw amqplib`,
  metric: 'value',
  subject: 'tenaz-rabbitmq',
  against: 'raw-amqplib',
  ratio: 0.8,
  direction: 'higher',
});

export const COMPARISON_GROUPS: GroupDefinition[] = [
  {
    name: 'drain-16',
    title: 'drain a pre-filled backlog, concurrency 16, no-op handler (consumer in a child process)',
    metrics: [
      { key: 'value', label: 'messages/s', direction: 'higher' },
      { key: 'rssMb', label: 'consumer peak RSS MB', direction: 'lower' },
    ],
    goals: [
      {
        text: 'drain at concurrency 16 ≥ 0.7× raw batched claim-and-delete',
        metric: 'value',
        subject: 'tenaz-postgres',
        against: 'raw-postgres',
        ratio: 0.7,
        direction: 'higher',
      },
      {
        text: 'drain at concurrency 16 ≥ 2× graphile-worker batched',
        metric: 'value',
        subject: 'tenaz-postgres',
        against: 'graphile-worker-batched',
        ratio: 2,
        direction: 'higher',
      },
      {
        text: 'consumer peak RSS < 80 MB (PostgreSQL transport)',
        metric: 'rssMb',
        subject: 'tenaz-postgres',
        limit: 80,
        direction: 'lower',
      },
      RABBIT_THROUGHPUT('drain at concurrency 16'),
      {
        text: 'RabbitMQ transport consumer peak RSS ≤ 1.25× raw amqplib',
        metric: 'rssMb',
        subject: 'tenaz-rabbitmq',
        against: 'raw-amqplib',
        ratio: 1.25,
        direction: 'lower',
      },
    ],
  },
  {
    name: 'drain-1',
    title: 'drain a pre-filled backlog, concurrency 1, no-op handler (consumer in a child process)',
    metrics: [
      { key: 'value', label: 'messages/s', direction: 'higher' },
      { key: 'rssMb', label: 'consumer peak RSS MB', direction: 'lower' },
    ],
    goals: [
      {
        text: 'drain at concurrency 1 ≥ 2× graphile-worker batched',
        metric: 'value',
        subject: 'tenaz-postgres',
        against: 'graphile-worker-batched',
        ratio: 2,
        direction: 'higher',
      },
      RABBIT_THROUGHPUT('drain at concurrency 1'),
    ],
  },
  {
    name: 'publish-one',
    title: 'enqueue one at a time (each awaited until durable)',
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher' }],
    goals: [
      {
        text: 'enqueue one at a time ≥ 0.9× a raw single-row INSERT',
        metric: 'value',
        subject: 'tenaz-postgres',
        against: 'raw-postgres',
        ratio: 0.9,
        direction: 'higher',
      },
      RABBIT_THROUGHPUT('enqueue one at a time'),
    ],
  },
  {
    name: 'publish-many',
    title: `enqueue in batches of ${BATCH.toLocaleString('en-US')}`,
    metrics: [{ key: 'value', label: 'messages/s', direction: 'higher' }],
    goals: [
      {
        text: 'batch enqueue ≥ 0.8× raw multi-row INSERT',
        metric: 'value',
        subject: 'tenaz-postgres',
        against: 'raw-postgres',
        ratio: 0.8,
        direction: 'higher',
      },
      {
        text: 'batch enqueue ≥ 1.5× graphile-worker batched',
        metric: 'value',
        subject: 'tenaz-postgres',
        against: 'graphile-worker-batched',
        ratio: 1.5,
        direction: 'higher',
      },
      RABBIT_THROUGHPUT('batch enqueue'),
    ],
  },
  {
    name: 'latency-200',
    title: `end-to-end latency at ${RATE} messages/s (enqueue to handler, consumer concurrency 16)`,
    metrics: [
      { key: 'p50', label: 'p50 ms', direction: 'lower' },
      { key: 'p99', label: 'p99 ms', direction: 'lower' },
    ],
    goals: [
      {
        text: 'latency p50 ≈ raw LISTEN/NOTIFY (≤ 1.2×)',
        metric: 'p50',
        subject: 'tenaz-postgres',
        against: 'raw-postgres',
        ratio: 1.2,
        direction: 'lower',
      },
      {
        text: 'latency p99 below raw LISTEN/NOTIFY (≤ 1.0×)',
        metric: 'p99',
        subject: 'tenaz-postgres',
        against: 'raw-postgres',
        ratio: 1.0,
        direction: 'lower',
      },
      {
        text: 'RabbitMQ transport latency p50 ≤ 1.25× raw amqplib',
        metric: 'p50',
        subject: 'tenaz-rabbitmq',
        against: 'raw-amqplib',
        ratio: 1.25,
        direction: 'lower',
      },
      {
        text: 'RabbitMQ transport latency p99 ≤ 1.25× raw amqplib',
        metric: 'p99',
        subject: 'tenaz-rabbitmq',
        against: 'raw-amqplib',
        ratio: 1.25,
        direction: 'lower',
      },
    ],
  },
];
