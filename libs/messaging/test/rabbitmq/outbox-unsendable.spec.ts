import { randomUUID } from 'node:crypto';
import { HEADER_LIMITS, InvalidPublishOptionsError } from '../../src';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { quietLogger } from '../helpers/quiet-logger';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { pause, waitFor } from '@tenaz/test-kit';

describe(`${OutboxRelay.name}: rows the broker can never take`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('unsendable');
  });
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('refuses headers over the AMQP limits with a typed error at publish, on every transport', async () => {
    const messaging = await bed.start({ un_rabbit: { slaMs: 30_000 }, un_pg: { slaMs: 30_000, transport: 'postgres' } });
    const tooBig = { big: 'x'.repeat(HEADER_LIMITS.maxEncodedBytes) };
    const longName = { ['n'.repeat(HEADER_LIMITS.maxNameBytes + 1)]: 'v' };
    for (const queue of ['un_rabbit', 'un_pg']) {
      for (const headers of [tooBig, longName]) {
        const publish = messaging.publisher.publish({ queue, type: 't', payload: {} }, { headers });
        await expect(publish).rejects.toBeInstanceOf(InvalidPublishOptionsError);
        await expect(publish).rejects.toThrow(/over the limit/);
      }
    }
    // Just under the limits goes through.
    const fits = { ['n'.repeat(HEADER_LIMITS.maxNameBytes)]: 'y'.repeat(1_000) };
    expect((await messaging.publisher.publish({ queue: 'un_rabbit', type: 't', payload: {} }, { headers: fits })).status).toBe('delivered');
  });

  it('counts, backs off and parks a row written around the validation, logs each failure once without its payload, lets other keys flow and never spins', async () => {
    const queue = 'un_outbox';
    const logger = quietLogger();
    const pollIntervalMs = 200;
    const messaging = await bed.start(
      { [queue]: { slaMs: 30_000 } },
      { logger, rabbitmq: { outbox: { maxAttempts: 3, retryBaseDelayMs: 20, retryMaxDelayMs: 50, pollIntervalMs } } },
    );
    const handled: string[] = [];
    await messaging.consumer.consume(queue, async (message) => void handled.push(message.type));
    const outbox = bed.store.table('outbox');
    const insert = (id: string, aggregate: string, type: string, headers: object) =>
      bed.store.sql.query(
        `INSERT INTO ${outbox} (id, aggregatetype, aggregateid, type, payload, headers, max_retries) VALUES ($1, $2, $3, $4, $5, $6, 3)`,
        [id, queue, aggregate, type, JSON.stringify({ secret: 'payload-must-not-be-logged' }), JSON.stringify(headers)],
      );
    const bad = randomUUID();
    const badName = randomUUID();
    // Over amqplib's 64 KiB header buffer, and a name over 255 bytes: written by hand, as an older version or a script might.
    await insert(bad, 'key-bad', 'too-big', { big: 'x'.repeat(70 * 1024) });
    await insert(badName, 'key-name', 'long-name', { ['n'.repeat(300)]: 'v' });
    await insert(randomUUID(), 'key-bad', 'behind-bad', {});
    await insert(randomUUID(), 'key-good', 'good', {});

    const failed = await waitFor(
      async () => {
        const rows = await messaging.outbox.listFailed();
        return rows.length === 2 ? rows : undefined;
      },
      { timeoutMs: 20_000, description: 'both unsendable rows parked as failed' },
    );
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: bad, attempts: 3, lastError: expect.stringMatching(/over the limit/) }),
        expect.objectContaining({ id: badName, attempts: 3, lastError: expect.stringMatching(/header name of 300 bytes/) }),
      ]),
    );
    await waitFor(() => handled.includes('good'), { description: 'the row of another key relayed' });
    // The row behind the parked one waits, visible in the backlog (its key is held, in order, until an operator acts).
    expect(handled).not.toContain('behind-bad');
    expect((await messaging.outbox.backlog()).queues).toEqual([expect.objectContaining({ queue, failed: 2, pending: 1 })]);

    // One warning per failed attempt, with the row's id and never its payload.
    const failures = logger.lines.filter((line) => (line.object as { outboxId?: string }).outboxId === bad);
    expect(failures).toHaveLength(3);
    expect(JSON.stringify(logger.lines)).not.toContain('payload-must-not-be-logged');

    // Idle with a held key: the relay sleeps (claims at the polling pace), it does not spin.
    const scans = async () =>
      (
        await bed.store.sql.query(
          `SELECT coalesce(idx_scan, 0) + coalesce(seq_scan, 0) AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'outbox'`,
          [bed.store.schema],
        )
      ).rows[0].n as string;
    const before = Number(await scans());
    const windowMs = 3_000;
    await pause(windowMs);
    // PostgreSQL publishes table statistics about once a second.
    await pause(1_500);
    const during = Number(await scans()) - before;
    // Per 200 ms poll: two relay loops (concurrency 2) each claim and ask when the next row is due,
    // and the relay repairs waiting rows once, a few index scans each: about 150 in the window
    // measured here; a relay that spins makes tens of thousands.
    expect(during).toBeLessThan(500);
  });
});
