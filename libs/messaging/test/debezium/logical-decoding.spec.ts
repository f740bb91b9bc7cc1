import { Client } from 'pg';
import { LogicalReplicationService, PgoutputPlugin } from 'pg-logical-replication';
import { createMessaging, Messaging, QueueNotConsumableError } from '../../src';
import { quietLogger } from '../helpers/quiet-logger';
import { startThrowawayCluster, ThrowawayCluster, waitFor } from '@tenaz/test-kit';

/** What Debezium would be configured with (deploy/debezium/tenaz-outbox.json). */
const PUBLICATION = 'tenaz_debezium_outbox';
const SLOT = 'tenaz_debezium_outbox';
/** The columns Debezium's outbox event router reads, and those the connector puts in headers. */
const ROUTER_COLUMNS = ['id', 'aggregatetype', 'aggregateid', 'type', 'payload'];
const HEADER_COLUMNS = ['tenant_id', 'correlation_id', 'priority', 'country_code', 'headers'];

/** One inserted outbox row as the change stream carried it, with the commit it came in. */
interface StreamedRow {
  row: Record<string, unknown>;
  commit: number;
}

/**
 * Reads the slot with pgoutput, the plugin Debezium's PostgreSQL connector uses, and confirms
 * nothing by itself: `confirm()` acknowledges up to the last commit read, as Debezium does once
 * Kafka has the records.
 */
class ChangeStreamReader {
  readonly rows: StreamedRow[] = [];
  private readonly service: LogicalReplicationService;
  private commits = 0;
  private lastCommitEndLsn: string | undefined;

  constructor(url: string) {
    this.service = new LogicalReplicationService({ connectionString: url }, { acknowledge: { auto: false, timeoutSeconds: 0 } });
    this.service.on(
      'data',
      (_lsn: string, message: { tag: string; new?: Record<string, unknown>; relation?: { name: string }; commitEndLsn?: string }) => {
        if (message.tag === 'insert' && message.relation?.name === 'debezium_outbox' && message.new) {
          this.rows.push({ row: message.new, commit: this.commits });
        } else if (message.tag === 'commit') {
          this.commits += 1;
          this.lastCommitEndLsn = message.commitEndLsn ?? undefined;
        }
      },
    );
    this.service.on('error', () => undefined);
  }

  start(): void {
    // Resolves only when the stream ends; the rows arrive through the 'data' events.
    void this.service.subscribe(new PgoutputPlugin({ protoVersion: 1, publicationNames: [PUBLICATION] }), SLOT).catch(() => undefined);
  }

  /** Acknowledges everything up to the last commit read; returns that LSN. */
  async confirm(): Promise<string> {
    const lsn = this.lastCommitEndLsn;
    if (!lsn) {
      throw new Error('nothing read yet to confirm');
    }
    await this.service.acknowledge(lsn);
    return lsn;
  }

  ids(): string[] {
    return this.rows.map(({ row }) => row['id'] as string);
  }

  async stop(): Promise<void> {
    await this.service.stop();
  }
}

/**
 * The road to Kafka up to the broker: a queue on the `debezium` transport writes Debezium's
 * outbox table, and PostgreSQL's logical decoding (what Debezium reads) streams those rows. In a
 * throwaway cluster with wal_level=logical, so the shared server's settings and slots stay as
 * they are.
 */
describe('the debezium transport through logical decoding', () => {
  let cluster: ThrowawayCluster;
  let messaging: Messaging;
  let admin: Client;
  const readers: ChangeStreamReader[] = [];

  beforeAll(async () => {
    cluster = await startThrowawayCluster({ wal_level: 'logical', max_replication_slots: '4', max_wal_senders: '4' });
    messaging = await createMessaging({
      postgres: { connectionString: cluster.url() },
      queues: { notifications: { slaMs: 30_000, transport: 'debezium' }, track_trace: { slaMs: 10_000, transport: 'debezium' } },
      logger: quietLogger(),
    });
    admin = new Client({ connectionString: cluster.url() });
    await admin.connect();
    // What an operator (or Debezium with publication.autocreate.mode=filtered) sets up.
    await admin.query(`CREATE PUBLICATION ${PUBLICATION} FOR TABLE tenaz.debezium_outbox WITH (publish = 'insert')`);
    await admin.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [SLOT]);
  });

  afterAll(async () => {
    for (const reader of readers) {
      await reader.stop().catch(() => undefined);
    }
    await messaging?.close();
    await admin?.end();
    await cluster?.stop();
  });

  function reader(): ChangeStreamReader {
    const next = new ChangeStreamReader(cluster.url());
    readers.push(next);
    next.start();
    return next;
  }

  async function transaction(): Promise<Client> {
    const client = new Client({ connectionString: cluster.url() });
    await client.connect();
    await client.query('BEGIN');
    return client;
  }

  it('streams every committed outbox row once, in commit order, with the event router columns, and resumes from the confirmed position', async () => {
    // Transaction A writes first and commits last; C rolls back.
    const a = await transaction();
    const [a1, a2] = await Promise.all([
      messaging.publisher.publishTransactional({ queue: 'notifications', type: 'notification.requested', payload: { n: 'a1' } }, a, {
        correlationId: 'shipment-a',
        tenantId: 'acme',
        priority: 2,
        countryCode: 'MX',
      }),
      messaging.publisher.publishTransactional({ queue: 'notifications', type: 'notification.requested', payload: { n: 'a2' } }, a, {
        correlationId: 'shipment-a',
        tenantId: 'acme',
        priority: 2,
        countryCode: 'MX',
      }),
    ]);
    const b = await transaction();
    const b1 = await messaging.publisher.publishTransactional(
      { queue: 'track_trace', type: 'tracking.event.recorded', payload: { n: 'b1' } },
      b,
      { correlationId: 'shipment-b', tenantId: 'globex' },
    );
    await b.query('COMMIT');
    const c = await transaction();
    const c1 = await messaging.publisher.publishTransactional(
      { queue: 'notifications', type: 'notification.requested', payload: { n: 'c1' } },
      c,
      { tenantId: 'acme' },
    );
    await c.query('ROLLBACK');
    const p1 = await messaging.publisher.publish(
      { queue: 'notifications', type: 'notification.requested', payload: { n: 'p1' } },
      { tenantId: 'acme', headers: { source: 'test' } },
    );
    await a.query('COMMIT');
    await Promise.all([a.end(), b.end(), c.end()]);
    expect([a1, a2, b1, c1].map((result) => result.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(p1.status).toBe('delivered');

    const first = reader();
    await waitFor(() => first.rows.length >= 4, { description: 'the four committed rows on the change stream' });
    // Commit order: B, then the library's own transaction of p1, then A (whose rows keep their order).
    expect(first.ids()).toEqual([b1.messageId, p1.messageId, a1.messageId, a2.messageId]);
    expect(first.rows.map(({ commit }) => commit)).toEqual([0, 1, 2, 2]);
    expect(first.ids()).not.toContain(c1.messageId);
    const [streamedB1, streamedP1, streamedA1] = first.rows.map(({ row }) => row);
    for (const column of [...ROUTER_COLUMNS, ...HEADER_COLUMNS]) {
      expect([column, column in (streamedA1 as object)]).toEqual([column, true]);
    }
    expect(streamedA1).toMatchObject({
      id: a1.messageId,
      aggregatetype: 'notifications',
      aggregateid: 'notifications/4:acme/shipment-a',
      type: 'notification.requested',
      tenant_id: 'acme',
      correlation_id: 'shipment-a',
      priority: 2,
      country_code: 'MX',
    });
    expect(streamedB1).toMatchObject({
      aggregatetype: 'track_trace',
      aggregateid: 'track_trace/6:globex/shipment-b',
      type: 'tracking.event.recorded',
      tenant_id: 'globex',
    });
    // Without a correlation id the message is its own aggregate: its id is the Kafka key.
    expect(streamedP1).toMatchObject({ aggregateid: `notifications/4:acme/${p1.messageId}`, headers: { source: 'test' } });
    expect(first.rows.map(({ row }) => row['payload'])).toEqual([{ n: 'b1' }, { n: 'p1' }, { n: 'a1' }, { n: 'a2' }]);

    const confirmed = await first.confirm();
    await waitFor(
      async () =>
        (
          await admin.query(`SELECT confirmed_flush_lsn >= $2::pg_lsn AS done FROM pg_replication_slots WHERE slot_name = $1`, [
            SLOT,
            confirmed,
          ])
        ).rows[0]?.done === true,
      { description: 'the slot confirmed up to the last commit read' },
    );
    await first.stop();

    // While no reader runs: a new transaction, a repeat of p1's id (stored once), one more publish.
    const d = await transaction();
    const d1 = await messaging.publisher.publishTransactional(
      { queue: 'notifications', type: 'notification.requested', payload: { n: 'd1' } },
      d,
      { correlationId: 'shipment-d', tenantId: 'acme' },
    );
    await d.query('COMMIT');
    await d.end();
    const repeat = await messaging.publisher.publish(
      { queue: 'notifications', type: 'notification.requested', payload: { n: 'p1 again' } },
      { messageId: p1.messageId, tenantId: 'acme' },
    );
    expect(repeat).toMatchObject({ messageId: p1.messageId, duplicate: true });
    const p3 = await messaging.publisher.publish(
      { queue: 'track_trace', type: 'tracking.event.recorded', payload: { n: 'p3' } },
      { tenantId: 'acme' },
    );

    const second = reader();
    await waitFor(() => second.ids().includes(p3.messageId), { description: 'the last row on the resumed stream' });
    expect(second.ids()).toEqual([d1.messageId, p3.messageId]);
  });

  it('refuses to consume a debezium queue through Tenaz with a typed error: it is consumed from Kafka', async () => {
    const refusal = messaging.consumer.consume('notifications', async () => undefined);
    await expect(refusal).rejects.toBeInstanceOf(QueueNotConsumableError);
    await expect(refusal).rejects.toMatchObject({ code: 'QUEUE_NOT_CONSUMABLE', kind: 'misuse', queue: 'notifications' });
  });
});
