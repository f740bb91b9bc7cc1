import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/**
 * Writes an outbox row for `notifications` as the relay leaves one after its last failed attempt
 * (outbox-mark-failed.sql): status failed, 10 attempts, the last error kept. Returns its id.
 */
export async function parkFailedOutboxRow(sql: Client, trackingNumber: string, payload: object = {}): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `INSERT INTO tenaz.outbox (id, aggregatetype, aggregateid, type, payload, max_retries, retry_count, status, last_error, tenant_id)
     VALUES ($1, 'notifications', $2, 'notification.requested', $3, 5, 10, 'failed', 'broker unreachable', 'acme')`,
    [id, `notifications/4:acme/${trackingNumber}`, JSON.stringify(payload)],
  );
  return id;
}
