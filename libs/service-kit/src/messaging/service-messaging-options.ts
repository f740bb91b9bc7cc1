import { QUEUES, QueueName } from '@tenaz/contracts';
import { rabbitmqNodes, type MessagingOptions, type QueueOptions } from '@tenaz/messaging';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/service-env';

/** The schema of the library's queue, outbox and inbox tables, shared by both services. */
export const MESSAGING_SCHEMA = 'tenaz';

/** The queue a service consumes and how (the other queue it only publishes to). */
export interface ConsumedQueue {
  queue: QueueName;
  concurrency: number;
  leaseMs: number;
  /** How long a stopping consumer waits for running handlers (library default 10 s). */
  drainTimeoutMs?: number;
}

/**
 * The messaging library's options for a service. Both queues are configured from the shared
 * contracts (the publisher stamps priority, the consumer applies the retry policy), with their
 * transport and SLA from the environment; the consumed queue also gets its concurrency, lease and
 * drain time.
 */
export function serviceMessagingOptions(
  config: ServiceConfig,
  consumed: ConsumedQueue,
  registry: unknown,
  logger: Logger,
): MessagingOptions {
  const usesRabbit = Object.values(config.transports).includes('rabbitmq');
  const queue = (name: QueueName): QueueOptions => ({
    ...QUEUES[name],
    retry: { ...QUEUES[name].retry },
    slaMs: config.slaMs[name],
    transport: config.transports[name],
    ...(name === consumed.queue
      ? {
          concurrency: consumed.concurrency,
          leaseMs: consumed.leaseMs,
          ...(consumed.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: consumed.drainTimeoutMs }),
        }
      : {}),
  });
  return {
    postgres: { connectionString: config.databaseUrl, schema: MESSAGING_SCHEMA },
    ...(usesRabbit ? { rabbitmq: { url: rabbitmqNodes(config.rabbitmqUrl) } } : {}),
    queues: { notifications: queue('notifications'), track_trace: queue('track_trace') },
    metrics: { registry },
    logger: logger.child({ component: 'messaging' }),
  };
}
