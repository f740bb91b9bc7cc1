import type { OutgoingMessage } from '../model/message';
import { messageColumns, messageRowsParameter } from '../model/message-rows';
import { aggregateIdOf } from './aggregate-id';

/** The insert parameter of both outboxes (the relay's and Debezium's): a message's columns with its ordering key and creation time. */
export function outboxRowsParameter(messages: readonly OutgoingMessage[]): string {
  return messageRowsParameter(messages, (message) => ({
    ...messageColumns(message),
    aggregate_id: aggregateIdOf(message),
    created_at: message.createdAt.toISOString(),
  }));
}
