'use strict';

const { randomUUID } = require('node:crypto');

/** Every scenario uses this queue; the fresh schema of each run holds nothing else. */
const QUEUE = 'bench';
const TYPE = 'sms';
const TENANT = 'tenant-bench';
const COUNTRY = 'ES';

/**
 * A notification request of a realistic size (about 250 bytes of JSON), the same for Tenaz and
 * the raw baselines. `sentAt` (performance.now() in this process) carries the latency clock.
 */
function payload(sentAt = 0) {
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
function publishInput(sentAt) {
  return { queue: QUEUE, type: TYPE, payload: payload(sentAt) };
}
const PUBLISH_OPTIONS = { tenantId: TENANT, countryCode: COUNTRY };

/**
 * The columns a raw insert fills, and the values for one message: the same columns the library's
 * insert sets explicitly (the rest take the same defaults in both), client-side UUIDs as the
 * library generates them, max_retries as the queue's policy gives it.
 */
const RAW_COLUMNS = ['id', 'queue_name', 'message_type', 'payload', 'priority', 'max_retries', 'tenant_id', 'country_code'];
function rawRow(sentAt) {
  return [randomUUID(), QUEUE, TYPE, JSON.stringify(payload(sentAt)), 0, 10, TENANT, COUNTRY];
}

/*
 * Raw statements are named, so node-postgres prepares each once per connection and then only
 * binds and executes it: the fastest plain use of the driver, which keeps the baselines strong
 * (a prepared 1000-row INSERT ran 2× faster than an unnamed one here: about 36,000 vs 17,000 rows/s).
 */
const INSERT_ONE_TEXT = `INSERT INTO reliable_messages (${RAW_COLUMNS.join(', ')}) VALUES (${RAW_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/** A single-row INSERT into reliable_messages (search_path is the run's schema). */
function rawInsertOne(sentAt) {
  return { name: 'raw_insert_one', text: INSERT_ONE_TEXT, values: rawRow(sentAt) };
}

/** A multi-row INSERT of `rows` rows: one VALUES tuple of parameters per row. */
function rawInsertMany(rows) {
  const width = RAW_COLUMNS.length;
  const tuples = Array.from({ length: rows }, (_, r) => `(${RAW_COLUMNS.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
  const text = `INSERT INTO reliable_messages (${RAW_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`;
  return () => ({ name: `raw_insert_${rows}`, text, values: Array.from({ length: rows }, () => rawRow()).flat() });
}

/**
 * Claims and deletes up to $2 due messages of queue $1 in the library's claim order, skipping
 * rows other workers hold: the textbook SKIP LOCKED queue, at-most-once (the delete is the ack).
 * MATERIALIZED keeps the LIMIT from being re-evaluated (the library's claim does the same).
 */
const CLAIM_AND_DELETE_TEXT = `
WITH next AS MATERIALIZED (
    SELECT id FROM reliable_messages
    WHERE queue_name = $1 AND status = 'pending' AND scheduled_for <= now()
    ORDER BY priority DESC, scheduled_for, seq
    LIMIT $2
    FOR UPDATE SKIP LOCKED)
DELETE FROM reliable_messages AS m USING next WHERE m.id = next.id
RETURNING m.id, m.message_type, m.payload, m.priority, m.tenant_id, m.country_code, m.created_at`;

function rawClaimAndDelete(limit) {
  return { name: 'raw_claim_and_delete', text: CLAIM_AND_DELETE_TEXT, values: [QUEUE, limit] };
}

/** Fills the queue with `count` due messages in one statement (set-up, never timed). */
async function prefill(client, count) {
  await client.query(
    `INSERT INTO reliable_messages (queue_name, message_type, payload, priority, max_retries, tenant_id, country_code)
     SELECT $1, $2, $3::jsonb, 0, 10, $4, $5 FROM generate_series(1, $6)`,
    [QUEUE, TYPE, JSON.stringify(payload()), TENANT, COUNTRY, count],
  );
  // Both sides start from the same settled table: hint bits set, statistics fresh.
  await client.query('VACUUM ANALYZE reliable_messages');
}

module.exports = {
  QUEUE,
  PUBLISH_OPTIONS,
  payload,
  prefill,
  publishInput,
  rawClaimAndDelete,
  rawInsertMany,
  rawInsertOne,
};
