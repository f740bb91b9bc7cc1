import { QUEUES } from '@tenaz/contracts';
import type { MessagingOptions } from '@tenaz/messaging';
import type { Logger } from 'pino';
import type { NotificationsConfig } from '../config/notifications.config';
import { MESSAGING_SCHEMA } from '../database/database.constants';

/**
 * The messaging library's options for this service. Both queues are configured (the publisher
 * stamps priority and the consumer applies the retry policy from the shared contracts); this
 * service consumes only `notifications`. Transports per queue come from the environment.
 */
export function messagingOptions(config: NotificationsConfig, registry: unknown, logger: Logger): MessagingOptions {
  const usesRabbit = Object.values(config.transports).includes('rabbitmq');
  return {
    postgres: { connectionString: config.databaseUrl, schema: MESSAGING_SCHEMA },
    ...(usesRabbit ? { rabbitmq: { url: config.rabbitmqUrl } } : {}),
    queues: {
      notifications: {
        ...QUEUES.notifications,
        retry: { ...QUEUES.notifications.retry },
        transport: config.transports.notifications,
        concurrency: config.delivery.concurrency,
        leaseMs: config.delivery.leaseMs,
        // A running delivery may wait for its provider for the whole timeout; shutdown waits that long plus 5 s.
        drainTimeoutMs: config.providerTimeoutMs + 5_000,
      },
      track_trace: { ...QUEUES.track_trace, retry: { ...QUEUES.track_trace.retry }, transport: config.transports.track_trace },
    },
    metrics: { registry },
    logger: logger.child({ component: 'messaging' }),
  };
}
