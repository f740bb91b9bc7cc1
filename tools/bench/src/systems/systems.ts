import type { QueueDriver } from './driver';
import { SYSTEM_IDS, type SystemId } from './catalog';

export { SYSTEM_IDS, SYSTEMS, type SystemId } from './catalog';

/** Each driver's module, loaded only when that driver is made (see catalog.ts for why). */
const LOADERS: Record<SystemId, () => Promise<QueueDriver>> = {
  'raw-postgres': async () => new (await import('./drivers/raw-postgres.driver.js')).RawPostgresDriver(),
  'tenaz-postgres': async () => new (await import('./drivers/tenaz.driver.js')).TenazDriver('postgres'),
  'graphile-worker-batched': async () => new (await import('./drivers/graphile-worker.driver.js')).GraphileWorkerDriver(true),
  'graphile-worker-defaults': async () => new (await import('./drivers/graphile-worker.driver.js')).GraphileWorkerDriver(false),
  'pg-boss-fastest': async () => new (await import('./drivers/pg-boss.driver.js')).PgBossDriver(true),
  'pg-boss-defaults': async () => new (await import('./drivers/pg-boss.driver.js')).PgBossDriver(false),
  bullmq: async () => new (await import('./drivers/bullmq.driver.js')).BullMqDriver(),
  'raw-amqplib': async () => new (await import('./drivers/raw-amqplib.driver.js')).RawAmqplibDriver(),
  'tenaz-rabbitmq': async () => new (await import('./drivers/tenaz.driver.js')).TenazDriver('rabbitmq'),
  'nestjs-rmq': async () => new (await import('./drivers/nest-rmq/nest-rmq.driver.js')).NestRmqDriver(),
};

/** A new driver of system `id`; an unknown id is an error naming the known ones. */
export async function createDriver(id: string): Promise<QueueDriver> {
  const load = LOADERS[id as SystemId];
  if (!load) {
    throw new Error(`unknown system ${id}; known: ${SYSTEM_IDS.join(', ')}`);
  }
  return load();
}
