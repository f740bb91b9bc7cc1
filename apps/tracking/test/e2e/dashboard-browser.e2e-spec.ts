import type { Browser, Page } from 'playwright-core';
import { AdminModule } from '@tenaz/service-kit';
import { createTestDatabase, createTestVhost, launchChromium, TestDatabase, textBecomes, TestVhost, waitFor } from '@tenaz/test-kit';
import { parkFailedOutboxRow } from '../helpers/parked-outbox-row';
import { startTestApp, TestApp } from '../helpers/test-app';

const ADMIN_KEY = 'tracking-admin-key-0123456789';

/**
 * The tracking service's dashboard in a real browser (Debian's Chromium through playwright-core),
 * with `notifications` on RabbitMQ so that milestone messages go through the outbox: an operator
 * sees both queues with their transports, finds an outbox row parked as failed, retries it from
 * the page, and the relay sends it. Fails, never skips, when Chromium is missing.
 */
describe(`${AdminModule.name} dashboard in a browser (tracking)`, () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let service: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    database = await createTestDatabase('tracking_dashboard');
    vhost = await createTestVhost('tracking_dashboard');
    service = await startTestApp({
      DATABASE_URL: database.url,
      RABBITMQ_URL: vhost.url,
      NOTIFICATIONS_QUEUE_TRANSPORT: 'rabbitmq',
      ADMIN_API_KEYS: `oncall:${ADMIN_KEY}`,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await vhost?.drop();
    await database?.drop();
  });

  it('shows both queues and the outbox, and retries a failed outbox row from the page until the relay sends it', async () => {
    const id = await parkFailedOutboxRow(database.sql, 'TRK-DASH-1');

    await page.goto(`${service.url}/admin`);
    await page.fill('input[name="adminKey"]', ADMIN_KEY);
    await page.click('button[type="submit"]');

    await textBecomes(page.locator('article[data-queue="track_trace"] .transport'), 'postgres', 'the track_trace card');
    await textBecomes(page.locator('article[data-queue="notifications"] .transport'), 'rabbitmq', 'the notifications card');
    expect(await page.locator('article[data-queue="track_trace"] .chart').count()).toBe(3);

    const outbox = page.locator('#outbox');
    await waitFor(async () => /0 pending, 1 failed/.test((await outbox.getByTestId('outbox-pending').textContent()) ?? ''), {
      timeoutMs: 30_000,
      description: 'the failed row in the outbox panel',
    });
    const row = outbox.locator(`tr[data-id="${id}"]`);
    expect(await row.textContent()).toMatch(/broker unreachable/);
    await row.getByTestId('retry-outbox-row').click();
    await textBecomes(outbox.getByTestId('outbox-notice'), 'Retrying 1 outbox row.', 'the retry notice');

    await waitFor(
      async () =>
        (await database.sql.query<{ status: string }>('SELECT status FROM tenaz.outbox WHERE id = $1', [id])).rows[0].status === 'sent',
      { timeoutMs: 15_000, description: 'the retried row confirmed by the broker' },
    );
    await waitFor(async () => /0 pending, 0 failed/.test((await outbox.getByTestId('outbox-pending').textContent()) ?? ''), {
      timeoutMs: 30_000,
      description: 'the outbox panel empty again',
    });
  }, 90_000);
});
