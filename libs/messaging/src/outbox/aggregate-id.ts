import type { OutgoingMessage } from '../model/message';

/**
 * A message's aggregate id: the ordering key of both outboxes (the relay keeps one aggregate's
 * rows in order) and Debezium's Kafka record key (one key, one partition, in order). It is the
 * correlation id, so the messages of one business flow (a shipment, a notification) stay in
 * order; a message without one is its own aggregate.
 */
export function aggregateIdOf(message: OutgoingMessage): string {
  return message.correlationId ?? message.id;
}
