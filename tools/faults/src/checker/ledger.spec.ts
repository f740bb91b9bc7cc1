import { escapeIdentifier, Pool } from 'pg';
import { createMessaging, type Messaging } from '@tenaz/messaging';
import { createTestDatabase, type TestDatabase } from '@tenaz/test-kit';
import { collectOutcomes } from '../run/collect-outcomes';
import { Producer } from '../run/producer';
import { EFFECTS_TABLE, INBOX_NAME } from '../worker/worker-config';
import { Ledger } from './ledger';
import { verdict, type ReliabilityFigures } from './reliability-figures';
import { SILENT_LOGGER } from '../run/silent-logger';

const SCHEMA = 'faults';
const QUEUE = 'checked';
const MESSAGES = 300;

/**
 * A real run, small and in one process: 300 messages published through the library, one consumer
 * with concurrency 1 (so per-key order is promised) writing its effect in the inbox transaction.
 * `beforeConsuming` and `afterConsuming` sabotage it behind the library's back.
 */
async function checkedRun(
  database: TestDatabase,
  sabotage: { beforeConsuming?: (sql: Pool) => Promise<void>; afterConsuming?: (sql: Pool, ledger: Ledger) => Promise<void> } = {},
): Promise<ReliabilityFigures> {
  const sql = new Pool({ connectionString: database.url, max: 2 });
  const ledger = await Ledger.create(database.url);
  const messaging: Messaging = await createMessaging({
    postgres: { connectionString: database.url, schema: SCHEMA },
    queues: {
      [QUEUE]: { slaMs: 30_000, pollIntervalMs: 200, retry: { backoff: 'fixed', maxRetries: 1, baseDelayMs: 10, maxDelayMs: 10 } },
    },
    logger: SILENT_LOGGER,
  });
  const effects = `${escapeIdentifier(SCHEMA)}.${escapeIdentifier(EFFECTS_TABLE)}`;
  try {
    await sql.query(`DROP TABLE IF EXISTS ${effects}`);
    await sql.query(
      `CREATE TABLE ${effects} (n bigserial, id uuid NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    await sql.query(`DELETE FROM ${escapeIdentifier(SCHEMA)}.reliable_messages`);
    const producer = new Producer(messaging, ledger, {
      queue: QUEUE,
      messages: MESSAGES,
      rate: 5_000,
      lanes: 2,
      keysPerLane: 3,
      poisonEvery: 0,
      delayMs: () => 0,
      mode: 'direct',
      giveUpAfterMs: 5_000,
    });
    producer.start();
    await producer.finished();
    await sabotage.beforeConsuming?.(sql);
    let handled = 0;
    const handle = await messaging.consumer.consume<unknown, Pool>(
      QUEUE,
      async (message, context) => {
        await context.transaction!.query(`INSERT INTO ${effects} (id, worker) VALUES ($1, 'spec')`, [message.id]);
        await ledger.recordDeliveries([{ id: message.id, attempt: message.attempt, worker: 'spec', at: new Date() }]);
        handled += 1;
      },
      { inbox: INBOX_NAME, concurrency: 1 },
    );
    for (
      const deadline = Date.now() + 30_000;
      Date.now() < deadline && (await messaging.health(QUEUE)).pending + (await messaging.health(QUEUE)).processing > 0;
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await handle.stop();
    expect(handled).toBeGreaterThan(0);
    await sabotage.afterConsuming?.(sql, ledger);
    return await collectOutcomes({ ledger, messaging, queue: QUEUE, schema: SCHEMA, settings: { mode: 'direct' } }, sql);
  } finally {
    await messaging.close();
    await ledger.close();
    await sql.end();
  }
}

describe(Ledger.name, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('faults_checker');
  });
  afterAll(() => database.drop());

  it('counts an undisturbed run as passing: every message sent, committed, confirmed, delivered and processed once, in order', async () => {
    const figures = await checkedRun(database);
    expect(figures).toMatchObject({
      sent: MESSAGES,
      committed: MESSAGES,
      confirmed: MESSAGES,
      delivered: MESSAGES,
      deliveries: MESSAGES,
      processed: MESSAGES,
      processedOnce: MESSAGES,
      duplicateEffects: 0,
      deadLettered: 0,
      lost: 0,
      phantoms: 0,
      orderViolations: 0,
    });
    expect(figures.latencyP50Ms).toBeGreaterThanOrEqual(0);
    expect(figures.latencyP99Ms).toBeGreaterThanOrEqual(figures.latencyP50Ms!);
    expect(figures.latencyMaxMs).toBeGreaterThanOrEqual(figures.latencyP99Ms!);
    expect(verdict(figures, { ordered: true, minCommitted: MESSAGES })).toEqual([]);
  });

  it('catches a message deleted behind the library before it was handled: lost = 1', async () => {
    const figures = await checkedRun(database, {
      beforeConsuming: async (sql) => {
        await sql.query(
          `DELETE FROM ${escapeIdentifier(SCHEMA)}.reliable_messages WHERE id = (SELECT id FROM ${escapeIdentifier(SCHEMA)}.reliable_messages LIMIT 1)`,
        );
      },
    });
    expect(figures).toMatchObject({ committed: MESSAGES, processed: MESSAGES - 1, lost: 1 });
    expect(verdict(figures)).toEqual(['lost: 1']);
  });

  it('catches an effect applied twice: duplicate effects = 1, processed once = all but one', async () => {
    const figures = await checkedRun(database, {
      afterConsuming: async (sql) => {
        const effects = `${escapeIdentifier(SCHEMA)}.${escapeIdentifier(EFFECTS_TABLE)}`;
        await sql.query(`INSERT INTO ${effects} (id, worker) SELECT id, 'sabotage' FROM ${effects} ORDER BY n LIMIT 1`);
      },
    });
    expect(figures).toMatchObject({ processed: MESSAGES, processedOnce: MESSAGES - 1, duplicateEffects: 1, lost: 0 });
    expect(verdict(figures)).toEqual(['duplicate effects: 1']);
  });

  it('catches two messages of one key whose effects were swapped in order', async () => {
    const figures = await checkedRun(database, {
      afterConsuming: async (sql) => {
        // The first two effects of key k0_0 (its sequence 1 and 2) trade places.
        const effects = `${escapeIdentifier(SCHEMA)}.${escapeIdentifier(EFFECTS_TABLE)}`;
        const ledgerRows = await sql.query(`SELECT id FROM ledger.messages WHERE key = 'k0_0' AND seq IN (1, 2) ORDER BY seq`);
        const [first, second] = ledgerRows.rows.map((row) => row.id as string);
        await sql.query(
          `UPDATE ${effects} e SET n = o.n FROM (SELECT a.n AS n, b.id AS id FROM ${effects} a, ${effects} b WHERE (a.id, b.id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))) o WHERE e.id = o.id`,
          [first, second],
        );
      },
    });
    expect(figures.orderViolations).toBe(1);
    expect(figures.lost).toBe(0);
    expect(verdict(figures, { ordered: true })).toEqual(['order violations: 1']);
    // Where order is not promised the same swap is reported, not failed.
    expect(verdict(figures)).toEqual([]);
  });

  it('catches an effect of a message that was never sent', async () => {
    const figures = await checkedRun(database, {
      afterConsuming: async (sql) => {
        await sql.query(
          `INSERT INTO ${escapeIdentifier(SCHEMA)}.${escapeIdentifier(EFFECTS_TABLE)} (id, worker) VALUES (gen_random_uuid(), 'sabotage')`,
        );
      },
    });
    expect(figures.phantoms).toBe(1);
    expect(verdict(figures)).toEqual(['effects or dead letters of messages never sent: 1']);
  });

  it('times the recovery after a fault: from its end until the backlog committed before it is handled', async () => {
    const ledger = await Ledger.create(database.url);
    try {
      const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
      const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
      await ledger.recordSent(
        ids.map((id, i) => ({
          id,
          key: 'k',
          seq: i + 1,
          poison: false,
          notBefore: null,
          sentAt: at(i),
          publishAttempts: 1,
          outcome: 'committed',
          confirmed: true,
          committedAt: at(i),
        })),
      );
      // Handled at 1 s (before the fault), 12 s and 15 s; the fault ran from 5 s to 10 s.
      await ledger.importEffects([
        { n: 1, id: ids[0]!, worker: 'w', at: at(1) },
        { n: 2, id: ids[1]!, worker: 'w', at: at(12) },
        { n: 3, id: ids[2]!, worker: 'w', at: at(15) },
      ]);
      await ledger.recordFault('broker stopped', at(5), at(10));
      const figures = await ledger.figures();
      expect(figures.faults).toEqual([{ name: 'broker stopped', startedAt: at(5), endedAt: at(10), recoveryMs: 5_000 }]);
      expect(verdict(figures, { recoveryWithinMs: 4_000 })).toEqual(['recovery after broker stopped took 5000 ms (bound 4000 ms)']);
      expect(figures.longestGapMs).toBe(11_000);
    } finally {
      await ledger.close();
    }
  });
});
