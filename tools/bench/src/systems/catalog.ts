import type { SystemInfo } from '../core/scenario';

/**
 * Every system the comparison runs, in the order the tables list them, with the settings it runs
 * with. Plain data, so that listing the systems loads none of their libraries (a consumer process
 * loads only its own driver, and its memory is its own).
 */
export const SYSTEMS = {
  'raw-postgres': {
    id: 'raw-postgres',
    label: 'raw SQL',
    family: 'postgres',
    role: 'raw',
    settings:
      'prepared INSERT (1 or 1,000 rows); claim-and-delete 100 rows with FOR UPDATE SKIP LOCKED per connection, one connection per unit of concurrency; latency: the seed’s NOTIFY trigger and a LISTEN consumer',
  },
  'tenaz-postgres': {
    id: 'tenaz-postgres',
    label: 'Tenaz (PostgreSQL)',
    family: 'postgres',
    role: 'tenaz',
    settings: 'defaults; consume concurrency as asked (prefetch 8× concurrency, at least 10)',
  },
  'graphile-worker-batched': {
    id: 'graphile-worker-batched',
    label: 'graphile-worker 0.17 (batched)',
    family: 'postgres',
    role: 'alternative',
    settings:
      'its performance page’s settings: localQueue.size 500, completeJobBatchDelay 0, failJobBatchDelay 0; maxPoolSize concurrency + 1',
  },
  'graphile-worker-defaults': {
    id: 'graphile-worker-defaults',
    label: 'graphile-worker 0.17 (defaults)',
    family: 'postgres',
    role: 'alternative',
    settings: 'defaults (no local queue, completions one by one, pool 10); concurrency as asked',
  },
  'pg-boss-fastest': {
    id: 'pg-boss-fastest',
    label: 'pg-boss 10 (fastest)',
    family: 'postgres',
    role: 'alternative',
    settings: 'work() × concurrency with batchSize 100 and pollingIntervalSeconds 0.5 (its minimum); pool max 20',
  },
  'pg-boss-defaults': {
    id: 'pg-boss-defaults',
    label: 'pg-boss 10 (defaults)',
    family: 'postgres',
    role: 'alternative',
    settings: 'work() × concurrency with defaults: batchSize 1, polling every 2 s; pool max 10',
  },
  bullmq: {
    id: 'bullmq',
    label: 'BullMQ 6 (Redis)',
    family: 'redis',
    role: 'alternative',
    settings: 'defaults (completed jobs kept), Worker concurrency as asked, own key prefix; Redis here: no AOF, no snapshots',
  },
  'raw-amqplib': {
    id: 'raw-amqplib',
    label: 'raw amqplib',
    family: 'rabbitmq',
    role: 'raw',
    settings: 'quorum queue, persistent + mandatory publishes on a confirm channel, manual acks, prefetch max(10, 8× concurrency)',
  },
  'tenaz-rabbitmq': {
    id: 'tenaz-rabbitmq',
    label: 'Tenaz (RabbitMQ)',
    family: 'rabbitmq',
    role: 'tenaz',
    settings: 'defaults (quorum queues, publisher confirms, manual acks); consume concurrency as asked',
  },
  'nestjs-rmq': {
    id: 'nestjs-rmq',
    label: '@nestjs/microservices RMQ',
    family: 'rabbitmq',
    role: 'alternative',
    settings:
      'defaults: ClientProxy.emit + @EventPattern, durable classic queue, persistent false, noAck true, prefetchCount 0; no concurrency setting',
  },
} as const satisfies Record<string, SystemInfo>;

export type SystemId = keyof typeof SYSTEMS;
export const SYSTEM_IDS = Object.keys(SYSTEMS) as SystemId[];
