import type { OutgoingMessage } from '../model/message';

/**
 * A message's aggregate id: the ordering key of both outboxes (the relay keeps one aggregate's
 * rows in order) and Debezium's Kafka record key (one key, one partition, in order). It is the
 * correlation id (a message without one is its own aggregate) scoped by queue and tenant:
 * `<queue>/<tenant length>:<tenant>/<correlation id or message id>`, the tenant part empty when
 * there is none. Two tenants (or two queues) using the same correlation id are two aggregates, so
 * a parked row of one never holds back the other. Queue names have no `/` and the tenant's
 * length (in code points, as PostgreSQL counts) tells where it ends, so no two scopes collide.
 * At most 63 + 1 + 3 + 50 + 1 + 100 characters, within the column's 255. Migration 0008 rewrites
 * unsent rows of earlier versions the same way (keep the two in step).
 */
export function aggregateIdOf(message: Pick<OutgoingMessage, 'queue' | 'tenantId' | 'correlationId' | 'id'>): string {
  const tenant = message.tenantId === null ? '' : `${[...message.tenantId].length}:${message.tenantId}`;
  return `${message.queue}/${tenant}/${message.correlationId ?? message.id}`;
}
