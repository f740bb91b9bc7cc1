import type { OutgoingMessage } from './message';

/** A message's columns as every insert statement reads them (`jsonb_to_recordset` ignores keys a statement does not list). */
export function messageColumns(message: OutgoingMessage): Record<string, unknown> {
  return {
    id: message.id,
    queue_name: message.queue,
    message_type: message.type,
    headers: message.headers,
    priority: message.priority,
    delay_ms: message.delayMs,
    max_retries: message.maxRetries,
    retry_delay_ms: message.retryDelayMs,
    correlation_id: message.correlationId,
    tenant_id: message.tenantId,
    country_code: message.countryCode,
  };
}

/** An insert's one parameter: a JSON array of rows, each payload spliced in as already serialised (never parsed again). */
export function messageRowsParameter(
  messages: readonly OutgoingMessage[],
  columnsOf: (message: OutgoingMessage) => Record<string, unknown> = messageColumns,
): string {
  const rows = messages.map((message) => `${JSON.stringify(columnsOf(message)).slice(0, -1)},"payload":${message.payloadJson}}`);
  return `[${rows.join(',')}]`;
}
