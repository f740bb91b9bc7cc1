import { aggregateIdOf } from '../../src/outbox/aggregate-id';
import { outboxStatements } from '../../src/outbox/outbox-statements';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { waitFor } from '@tenaz/test-kit';

describe(`outbox ordering key (${aggregateIdOf.name})`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => (bed = await createRabbitMqTestBed('ordering_key')));
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('scopes the key by queue and tenant: a parked row of tenant A does not hold back tenant B with the same correlation id', async () => {
    const queue = 'ok_tenants';
    const writer = await bed.start({ [queue]: { slaMs: 30_000 }, ok_other: { slaMs: 30_000 } }, { rabbitmq: { outbox: { relay: false } } });
    const ids: Record<string, string> = {};
    await bed.inTransaction(async () => {
      const write = async (name: string, target: string, tenantId: string) =>
        (ids[name] = (
          await writer.publisher.publishTransactional({ queue: target, type: name, payload: {} }, bed.sql, {
            correlationId: 'SHARED-1',
            tenantId,
          })
        ).messageId);
      await write('a1', queue, 'tenant-a');
      await write('a2', queue, 'tenant-a');
      await write('b1', queue, 'tenant-b');
      await write('other-queue', 'ok_other', 'tenant-a');
    });
    // Tenant A's first row is parked (as after its last failed attempt).
    await bed.sql.query(`UPDATE ${bed.store.table('outbox')} SET status = 'failed', last_error = 'parked by the test' WHERE id = $1`, [
      ids['a1'],
    ]);

    const relay = await bed.start(
      { [queue]: { slaMs: 30_000 }, ok_other: { slaMs: 30_000 } },
      { rabbitmq: { outbox: { pollIntervalMs: 100 } } },
    );
    const handled: string[] = [];
    await relay.consumer.consume(queue, async (message) => void handled.push(message.type));
    await relay.consumer.consume('ok_other', async (message) => void handled.push(message.type));
    await waitFor(() => handled.includes('b1') && handled.includes('other-queue'), {
      timeoutMs: 20_000,
      description: "tenant B's row and the other queue's row relayed",
    });
    expect(handled).not.toContain('a2');
    const keys = await bed.sql.query(
      `SELECT type, aggregateid FROM ${bed.store.table('outbox')} WHERE id = ANY ($1::uuid[]) ORDER BY seq`,
      [[ids['a1'], ids['b1'], ids['other-queue']]],
    );
    expect(keys.rows).toEqual([
      { type: 'a1', aggregateid: `${queue}/8:tenant-a/SHARED-1` },
      { type: 'b1', aggregateid: `${queue}/8:tenant-b/SHARED-1` },
      { type: 'other-queue', aggregateid: 'ok_other/8:tenant-a/SHARED-1' },
    ]);
    // Retried, tenant A's rows go, in order.
    expect(await relay.outbox.retryFailed({ ids: [ids['a1']] })).toBe(1);
    await waitFor(() => handled.includes('a2'), { timeoutMs: 20_000, description: "tenant A's rows after the retry" });
    expect(handled.indexOf('a1')).toBeLessThan(handled.indexOf('a2'));
  });

  it('keeps a claim as cheap with a hot key of 50,000 pending rows ahead of the others as without it (buffers read by EXPLAIN ANALYZE)', async () => {
    const queue = 'ok_hot';
    const writer = await bed.start({ [queue]: { slaMs: 30_000 } }, { rabbitmq: { outbox: { relay: false } } });
    const table = bed.store.table('outbox');
    await bed.sql.query(`DELETE FROM ${table}`);
    const statements = outboxStatements(bed.store.schema);
    const claim = statements['outbox-claim'];
    const parameters = claim.includes('$2') ? [100, 8 * 1024 * 1024] : [100];
    const writeRows = async (count: number, key: (n: number) => string) => {
      for (let start = 0; start < count; start += 1_000) {
        const entries = Array.from({ length: Math.min(1_000, count - start) }, (_, i) => ({
          queue,
          type: 't',
          payload: { n: start + i },
          options: { correlationId: key(start + i) },
        }));
        await bed.inTransaction(() => writer.publisher.publishManyTransactional(entries, bed.sql));
      }
    };
    /** One claim of 100 rows, rolled back: shared buffers it touched, its time, and the rows it took. */
    const measure = async () => {
      await bed.sql.query('BEGIN');
      try {
        await bed.sql.query(statements['outbox-claim-plan']);
        const [
          {
            'QUERY PLAN': [plan],
          },
        ] = (await bed.sql.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${claim}`, parameters)).rows;
        const claimed = (await bed.sql.query(claim, parameters)).rows as { aggregateid: string }[];
        return { buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'], ms: plan['Execution Time'] as number, claimed };
      } finally {
        await bed.sql.query('ROLLBACK');
      }
    };

    await writeRows(1_000, (n) => `cold-${n}`);
    await bed.sql.query(`ANALYZE ${table}`);
    const baseline = await measure();
    expect(baseline.claimed).toHaveLength(100);

    // Now a hot key holds 50,000 rows ahead of 1,000 rows of other keys.
    await bed.sql.query(`UPDATE ${table} SET status = 'sent', processed_at = now()`);
    await writeRows(50_000, () => 'hot');
    await writeRows(1_000, (n) => `cold-again-${n}`);
    await bed.sql.query(`ANALYZE ${table}`);
    const withHotKey = await measure();
    // The hot key's head and 99 rows of other keys.
    expect(withHotKey.claimed).toHaveLength(100);
    expect(withHotKey.claimed.filter((row) => row.aggregateid.endsWith('/hot'))).toHaveLength(1);
    process.stdout.write(
      `claim of 100: baseline ${baseline.buffers} buffers ${baseline.ms.toFixed(2)} ms; hot key of 50,000 ahead: ${withHotKey.buffers} buffers ${withHotKey.ms.toFixed(2)} ms\n`,
    );
    // Generous: the same order of work, not the 50,000 rows the hot key would cost to walk.
    expect(withHotKey.buffers).toBeLessThan(baseline.buffers * 3 + 100);
  });
});
