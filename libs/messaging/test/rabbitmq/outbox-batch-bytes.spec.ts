import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { outboxStatements } from '../../src/outbox/outbox-statements';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { waitFor } from '@tenaz/test-kit';

const KIB = 1024;

describe(`${OutboxRelay.name}: a cycle bounded by bytes`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => (bed = await createRabbitMqTestBed('batch_bytes')));
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('claims rows while their payloads add up to less than batchBytes (the first row always), and relays them all in order', async () => {
    const queue = 'bb_big';
    const writer = await bed.start({ [queue]: { slaMs: 30_000 } }, { rabbitmq: { outbox: { relay: false } } });
    const blob = 'x'.repeat(250 * KIB);
    await bed.sql.query('BEGIN');
    await writer.publisher.publishManyTransactional(
      Array.from({ length: 40 }, (_, n) => ({ queue, type: 'big', payload: { n, blob } })),
      bed.sql,
    );
    await bed.sql.query('COMMIT');

    const statements = outboxStatements(bed.store.schema);
    const claim = async (batchBytes: number) => {
      await bed.sql.query('BEGIN');
      try {
        await bed.sql.query(statements['outbox-claim-plan']);
        return (await bed.sql.query<{ payload_json: string }>(statements['outbox-claim'], [1_000, batchBytes])).rows;
      } finally {
        await bed.sql.query('ROLLBACK');
      }
    };
    const bytes = (rows: { payload_json: string }[]) => rows.reduce((sum, row) => sum + Buffer.byteLength(row.payload_json), 0);
    const oneMib = await claim(1024 * KIB);
    // 250 KiB rows: four start below 1 MiB; the rows claimed hold at most the bound plus one row.
    expect(oneMib).toHaveLength(5);
    expect(bytes(oneMib)).toBeLessThan(1024 * KIB + 251 * KIB);
    // A bound below one row still claims that row: a big message is never stuck.
    expect(await claim(1_024)).toHaveLength(1);

    const relay = await bed.start({ [queue]: { slaMs: 30_000 } }, { rabbitmq: { outbox: { batchBytes: 1024 * KIB } } });
    const handled: number[] = [];
    await relay.consumer.consume<{ n: number }>(queue, async (message) => void handled.push(message.payload.n), {
      concurrency: 1,
      prefetch: 1,
    });
    await waitFor(() => handled.length === 40, { timeoutMs: 30_000, description: 'all 40 rows relayed, 1 MiB a cycle' });
    expect([...handled].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });
});
