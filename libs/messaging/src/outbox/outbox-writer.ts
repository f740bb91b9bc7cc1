import type { OutgoingMessage } from '../core/message';
import { queryRows, SqlExecutor } from '../transport/sql-executor';
import type { Database } from '../transports/postgres/database';
import type { Statements } from '../transports/postgres/sql-statements';

/** The NOTIFY payload that wakes outbox relays. */
export const OUTBOX_WAKE_PAYLOAD = 'outbox';

/** The LISTEN/NOTIFY channel of a schema's outbox relays, beside the schema's queue channel. */
export function outboxChannelOf(schemaChannel: string): string {
  return `${schemaChannel}.outbox`;
}

/**
 * Writes messages bound for RabbitMQ queues into the outbox table: inside the caller's
 * transaction (`publishTransactional`), so they commit or roll back with the caller's own writes,
 * or in a transaction of the library's (a publish spilled while RabbitMQ is down). Either way the
 * relays are woken by a NOTIFY sent in the same transaction, so they hear of the rows at commit.
 */
export class OutboxWriter {
  constructor(
    private readonly database: Database,
    private readonly statements: Statements,
    /** The LISTEN/NOTIFY channel of this schema's outbox relays. */
    private readonly channel: string,
  ) {}

  /** Inserts in the caller's open transaction. Returns the ids that were already in the outbox. */
  async write(executor: SqlExecutor, messages: readonly OutgoingMessage[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(executor, this.statements['outbox-insert'], [serialise(messages)]);
    if (rows.length > 0) {
      await queryRows(executor, this.statements['notify-queues'], [this.channel, [OUTBOX_WAKE_PAYLOAD]]);
    }
    const inserted = new Set(rows.map((row) => row.id));
    return new Set(messages.filter((message) => !inserted.has(message.id)).map((message) => message.id));
  }

  /** Inserts in a transaction of its own (durable once this resolves). Returns the ids already there. */
  spill(messages: readonly OutgoingMessage[]): Promise<Set<string>> {
    return this.database.withTransaction((client) => this.write(client, messages));
  }
}

/**
 * The insert's one parameter: a JSON array, each payload spliced in as already serialised.
 * The aggregate id (the ordering key, and Debezium's message key) is the correlation id, so the
 * messages of one business flow (a shipment, a notification) are relayed in order; a message
 * without one is its own aggregate.
 */
function serialise(messages: readonly OutgoingMessage[]): string {
  const rows = messages.map((message) => {
    const row = JSON.stringify({
      id: message.id,
      queue_name: message.queue,
      aggregate_id: message.correlationId ?? message.id,
      message_type: message.type,
      headers: message.headers,
      priority: message.priority,
      delay_ms: message.delayMs,
      max_retries: message.maxRetries,
      retry_delay_ms: message.retryDelayMs,
      correlation_id: message.correlationId,
      tenant_id: message.tenantId,
      country_code: message.countryCode,
      created_at: message.createdAt.toISOString(),
    });
    return `${row.slice(0, -1)},"payload":${message.payloadJson}}`;
  });
  return `[${rows.join(',')}]`;
}
