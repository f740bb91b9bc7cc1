import { QUEUES } from '@tenaz/contracts';
import type { MessagingOptions } from '@tenaz/messaging';
import type { Logger } from 'pino';
import type { TrackingConfig } from '../config/tracking.config';
import { MESSAGING_SCHEMA } from '../database/database.constants';

/**
 * The messaging library's options for this service. Both queues are configured from the shared
 * contracts (the publisher stamps priority, the consumer applies the retry policy); this service
 * consumes only `track_trace` and publishes `notification.requested` to `notifications`.
 * Transports per queue come from the environment.
 */
export function messagingOptions(config: TrackingConfig, registry: unknown, logger: Logger): MessagingOptions {
  const usesRabbit = Object.values(config.transports).includes('rabbitmq');
  return {
    postgres: { connectionString: config.databaseUrl, schema: MESSAGING_SCHEMA },
    ...(usesRabbit ? { rabbitmq: { url: config.rabbitmqUrl } } : {}),
    queues: {
      notifications: { ...QUEUES.notifications, retry: { ...QUEUES.notifications.retry }, transport: config.transports.notifications },
      track_trace: {
        ...QUEUES.track_trace,
        retry: { ...QUEUES.track_trace.retry },
        transport: config.transports.track_trace,
        concurrency: config.projection.concurrency,
        leaseMs: config.projection.leaseMs,
      },
    },
    metrics: { registry },
    logger: logger.child({ component: 'messaging' }),
  };
}
