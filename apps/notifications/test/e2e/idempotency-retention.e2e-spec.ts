import { createTestDatabase, TestDatabase } from '@tenaz/test-kit';
import { Client } from 'pg';
import request from 'supertest';
import { IdempotencyKeyCleaner } from '../../src/notifications/idempotency/idempotency-key-cleaner.service';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';

const ACME = `Bearer ${TENANTS.acme.key}`;
const RETENTION_MS = 60_000;
const EXPIRED = 2_500;

/** Idempotency keys are kept for IDEMPOTENCY_KEY_RETENTION_MS, then deleted in batches by one process at a time. */
describe(IdempotencyKeyCleaner.name, () => {
  let database: TestDatabase;
  let service: TestApp;

  const countKeys = async () => Number((await database.sql.query('SELECT count(*) FROM notifications.idempotency_keys')).rows[0].count);
  const send = (key: string) =>
    request(service.url)
      .post('/notifications')
      .set('Authorization', ACME)
      .set('Idempotency-Key', key)
      .send({ channel: 'sms', recipient: '+5215500000099', body: 'una vez' });

  beforeAll(async () => {
    database = await createTestDatabase('notif_idem');
    service = await startTestApp({
      DATABASE_URL: database.url,
      DELIVERY_ENABLED: 'false',
      IDEMPOTENCY_KEY_RETENTION_MS: String(RETENTION_MS),
    });
  }, 30_000);

  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('deletes keys older than the retention in batches, one process at a time, and keeps the recent ones', async () => {
    // Keys from two minutes ago (past the one-minute retention), as earlier requests left them.
    await database.sql.query(
      `INSERT INTO notifications.idempotency_keys (tenant_id, key, request_hash, response, created_at)
       SELECT 'acme', 'old-' || n, repeat('0', 64), '{"statusCode":202,"body":{}}'::jsonb, now() - interval '2 minutes'
       FROM generate_series(1, $1) AS n`,
      [EXPIRED],
    );
    const first = await send('recent-key').expect(202);
    expect(await countKeys()).toBe(EXPIRED + 1);
    const cleaner = service.app.get(IdempotencyKeyCleaner);

    // Another process is cleaning (it holds the cleanup lock): this one skips its turn.
    const other = new Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('tenaz:notifications:idempotency-cleanup'))`);
      expect(await cleaner.runOnce()).toEqual({ deleted: 0, batches: 0 });
      expect(await countKeys()).toBe(EXPIRED + 1);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }

    // 1,000 a batch: 1,000 + 1,000 + 500.
    expect(await cleaner.runOnce()).toEqual({ deleted: EXPIRED, batches: 3 });
    expect(await countKeys()).toBe(1);
    const replay = await send('recent-key').expect(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    // An expired key is forgotten: the same key is a new request now.
    const anew = await send('old-7').expect(202);
    expect(anew.headers['idempotent-replayed']).toBeUndefined();
  });
});
