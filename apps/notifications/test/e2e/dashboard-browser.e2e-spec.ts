import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AdminModule } from '@tenaz/service-kit';
import { createTestDatabase, launchChromium, TestDatabase, textBecomes, waitFor } from '@tenaz/test-kit';
import request from 'supertest';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';

const ADMIN_KEY = 'ops-admin-key-0123456789';
const ACME = `Bearer ${TENANTS.acme.key}`;
/** The provider rejects this number once (HTTP 400, a permanent error): dead-lettered at once, no retry. */
const REJECTED = '+5215500000001';
const ACCEPTED = '+5215500000002';
/** `DASHBOARD_SCREENSHOT=docs/dashboard.png` saves the page with the breach (the README's picture). */
const SCREENSHOT = process.env['DASHBOARD_SCREENSHOT'];
const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the real
 * service, PostgreSQL and admin API: an operator signs in with the admin key, sees the queue
 * breaching its SLA because of a dead letter, opens it, replays it from the page, and sees it
 * delivered. Fails, never skips, when Chromium is missing.
 */
describe(`${AdminModule.name} dashboard in a browser`, () => {
  let database: TestDatabase;
  let provider: FakeHttpProvider;
  let service: TestApp;
  let browser: Browser;
  let page: Page;
  let notificationId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    database = await createTestDatabase('dashboard_browser');
    provider = await new FakeHttpProvider().start();
    service = await startTestApp({
      DATABASE_URL: database.url,
      SMS_PROVIDER_URL: `${provider.url}/sms`,
      ADMIN_API_KEYS: `ops:${ADMIN_KEY}`,
    });
    // Some traffic that goes through, so the charts and figures have something to show beside the failure.
    for (let i = 0; i < 5; i += 1) {
      await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({ channel: 'sms', recipient: ACCEPTED, body: `Parcel TN-${i} picked up` })
        .expect(202);
    }
    provider.script(REJECTED, { status: 400 });
    const sent = await request(service.url)
      .post('/notifications')
      .set('Authorization', ACME)
      .send({ channel: 'sms', recipient: REJECTED, body: 'Your parcel TN-1 is out for delivery' })
      .expect(202);
    notificationId = sent.body.id as string;
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await provider?.stop();
    await database?.drop();
  });

  it('shows the SLA breach and its dead letter, replays it from the page and shows it delivered', async () => {
    await page.goto(`${service.url}/admin`);
    await page.fill('input[name="adminKey"]', ADMIN_KEY);
    await page.click('button[type="submit"]');

    const card = page.locator('article[data-queue="notifications"]');
    await textBecomes(card.getByTestId('sla-state'), 'breaching', 'the breached SLA');
    expect(await card.getByTestId('sla-reason').textContent()).toMatch(/1 message was dead-lettered/);
    await textBecomes(card.getByTestId('dead-letter-count'), '1', 'one dead letter on the card');

    await card.getByTestId('dead-letter-count').click();
    const deadLetters = page.locator('#dead-letters');
    await textBecomes(deadLetters.getByTestId('dead-letter-total'), '1 in total', 'the dead-letter list');
    await deadLetters.getByTestId('open-dead-letter').first().click();
    const detail = page.getByTestId('dead-letter-detail');
    await detail.waitFor({ timeout: 10_000 });
    // The provider's 400 is a permanent error: the reason says so, without a retry.
    expect(await detail.textContent()).toMatch(/400/);
    expect(await detail.getByTestId('payload').textContent()).toContain(notificationId);
    if (SCREENSHOT) {
      // The picture shows the depth chart with a sample in it: the first is taken 10 s after start.
      await waitFor(
        async () => {
          const { body } = await request(service.url)
            .get('/admin/api/queues/notifications/history?windowMs=120000')
            .set('Authorization', `Bearer ${ADMIN_KEY}`);
          return body.buckets.some((bucket: { depth: unknown }) => bucket.depth !== null);
        },
        { timeoutMs: 30_000, description: 'a depth sample for the screenshot' },
      );
      await page.reload();
      await card.getByTestId('dead-letter-count').click();
      await deadLetters.getByTestId('open-dead-letter').first().click();
      await detail.waitFor({ timeout: 10_000 });
      await saveScreenshot(page, resolve(WORKSPACE_ROOT, SCREENSHOT));
    }

    await detail.getByTestId('replay-one').click();
    await textBecomes(page.getByTestId('notice'), 'Replayed 1 dead letter.', 'the replay notice');
    await textBecomes(card.getByTestId('dead-letter-count'), '0', 'no dead letter left on the card');
    await textBecomes(deadLetters.getByTestId('dead-letter-total'), '0 in total', 'an empty dead-letter list');
    const delivered = await waitFor(
      async () => {
        const { body } = await request(service.url).get(`/notifications/${notificationId}`).set('Authorization', ACME).expect(200);
        return body.status === 'sent' ? body : undefined;
      },
      { description: 'the replayed notification sent' },
    );
    expect(delivered.status).toBe('sent');
    expect(provider.requestsFor(notificationId).map((received) => received.status)).toEqual([400, 200]);
  }, 90_000);

  it('purges from the page only once the operator confirms: a dismissed dialog deletes nothing', async () => {
    for (const body of ['Your parcel TN-2 is delayed', 'Your parcel TN-3 is delayed']) {
      provider.script(REJECTED, { status: 400 });
      await request(service.url)
        .post('/notifications')
        .set('Authorization', ACME)
        .send({ channel: 'sms', recipient: REJECTED, body })
        .expect(202);
    }
    const deadLetters = page.locator('#dead-letters');
    await textBecomes(deadLetters.getByTestId('dead-letter-total'), '2 in total', 'two new dead letters');

    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await deadLetters.getByTestId('purge-all').click();
    await waitFor(() => dialogs.length === 1, { description: 'the confirmation dialog' });
    expect(dialogs[0]).toBe('Delete all 2 dead letters for good? This cannot be undone.');
    const admin = () =>
      request(service.url).get('/admin/api/queues/notifications/dead-letters').set('Authorization', `Bearer ${ADMIN_KEY}`);
    expect((await admin().expect(200)).body.total).toBe(2);

    page.once('dialog', (dialog) => void dialog.accept());
    await deadLetters.getByTestId('purge-all').click();
    await textBecomes(page.getByTestId('notice'), 'Purged 2 dead letters.', 'the purge notice');
    await textBecomes(deadLetters.getByTestId('dead-letter-total'), '0 in total', 'an empty dead-letter list');
    expect((await admin().expect(200)).body.total).toBe(0);
  }, 60_000);
});

/** The whole page, once its charts have drawn. */
async function saveScreenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.locator('.chart canvas').first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path, fullPage: true });
}
