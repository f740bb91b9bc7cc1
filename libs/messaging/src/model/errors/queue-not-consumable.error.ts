import { MessagingError } from './messaging.error';

/**
 * A queue whose messages Tenaz does not deliver: on the `debezium` transport, Debezium publishes
 * them to Kafka and their consumers read Kafka (docs/kafka.md).
 */
export class QueueNotConsumableError extends MessagingError {
  readonly code = 'QUEUE_NOT_CONSUMABLE' as const;

  constructor(
    readonly queue: string,
    readonly transport: string,
  ) {
    super(
      `queue "${queue}" is on the ${transport} transport: its messages go to Kafka (topic tenaz.${queue}) and are consumed there, not through Tenaz`,
    );
  }
}
