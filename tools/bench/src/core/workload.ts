import { randomUUID } from 'node:crypto';
import type { Client, Pool, QueryConfig } from 'pg';
import type { PublishInput, PublishOptions } from '@tenaz/messaging';
import { sql } from './sql-files';

/** The queue of the raw-versus-Tenaz scenarios; each run's fresh schema holds nothing else. */
export const QUEUE = 'bench';
const TYPE = 'sms';
const TENANT = 'tenant-bench';
const COUNTRY = 'ES';

/** The message every system carries: a notification request of about 250 bytes of JSON. */
export interface BenchPayload {
  notificationId: string;
  channel: 'sms';
  recipient: string;
  template: string;
  variables: { trackingNumber: string; eta: string; carrier: string };
  /** performance.now() in the sending process when it started the write: the latency clock. */
  sentAt: number;
}

/**
 * A notification request of a realistic size, the same for every system. The recipient is a
 * made-up number of the Spanish test range, never a real person's.
 */
export function payload(sentAt = 0): BenchPayload {
  return {
    notificationId: randomUUID(),
    channel: 'sms',
    recipient: '+34600000000',
    template: 'shipment-out-for-delivery',
    variables: { trackingNumber: 'TNZ0000000001ES', eta: '2025-01-01T12:00:00Z', carrier: 'Tenaz Logistics' },
    sentAt,
  };
}

/** The publish call Tenaz scenarios make (options match the columns the raw inserts fill). */
export function publishInput(sentAt?: number, queue = QUEUE): PublishInput {
  return { queue, type: TYPE, payload: payload(sentAt) };
}
export const PUBLISH_OPTIONS: PublishOptions = { tenantId: TENANT, countryCode: COUNTRY };

/**
 * The columns a raw insert fills: the same the library's insert sets explicitly (the rest take
 * the table's defaults), client-side UUIDs as the library generates them, max_retries as the
 * queue's policy gives it.
 */
const RAW_COLUMNS = ['id', 'queue_name', 'message_type', 'payload', 'priority', 'max_retries', 'tenant_id', 'country_code'];
function rawRow(message: BenchPayload, queue: string): unknown[] {
  return [randomUUID(), queue, TYPE, JSON.stringify(message), 0, 10, TENANT, COUNTRY];
}

/*
 * Raw statements are named, so node-postgres prepares each once per connection and then only
 * binds and executes it: the fastest plain use of the driver, which keeps the baselines strong
 * (a prepared 1000-row INSERT ran 2× faster than an unnamed one here: about 36,000 vs 17,000 rows/s).
 * The INSERTs are built here rather than in .sql files because their shape is the parameter: one
 * VALUES tuple of the eight columns per row.
 */
const INSERT_ONE_TEXT = `INSERT INTO reliable_messages (${RAW_COLUMNS.join(', ')}) VALUES (${RAW_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/** A single-row INSERT into reliable_messages (search_path is the run's schema). */
export function rawInsertOne(message: BenchPayload = payload(), queue = QUEUE): QueryConfig {
  return { name: 'raw_insert_one', text: INSERT_ONE_TEXT, values: rawRow(message, queue) };
}

/** A multi-row INSERT of `messages`: one VALUES tuple of parameters per row, prepared per row count. */
export function rawInsertMany(messages: readonly BenchPayload[], queue = QUEUE): QueryConfig {
  const width = RAW_COLUMNS.length;
  const tuples = messages.map((_, r) => `(${RAW_COLUMNS.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
  return {
    name: `raw_insert_${messages.length}`,
    text: `INSERT INTO reliable_messages (${RAW_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
    values: messages.flatMap((message) => rawRow(message, queue)),
  };
}

/** Claim-and-delete of up to `limit` due messages (`sql/raw-claim-and-delete.sql`). */
export function rawClaimAndDelete(limit: number, queue = QUEUE): QueryConfig {
  return { name: 'raw_claim_and_delete', text: sql('raw-claim-and-delete'), values: [queue, limit] };
}

/** Creates the raw baselines' own queue table in the connection's search_path schema. */
export async function createRawQueueTable(client: Client | Pool): Promise<void> {
  await client.query(sql('raw-queue-table'));
}

/** Fills the raw queue with `count` due messages in one statement, then settles the table. */
export async function rawPrefill(client: Client | Pool, count: number, queue = QUEUE): Promise<void> {
  await client.query(sql('raw-prefill'), [queue, TYPE, JSON.stringify(payload()), TENANT, COUNTRY, count]);
  await client.query('VACUUM ANALYZE reliable_messages');
}
