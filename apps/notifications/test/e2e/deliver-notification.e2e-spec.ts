import { NOTIFICATION_DELIVER, NOTIFICATION_REQUESTED, NotificationRequested, QUEUES, requestedNotificationId } from '@tenaz/contracts';
import { createMessaging, DEAD_LETTER_REASONS, deterministicMessageId, Message, Messaging } from '@tenaz/messaging';
import { randomUUID } from 'node:crypto';
import { MESSAGING } from '@tenaz/messaging/nest';
import request from 'supertest';
import { DeliverNotificationUsecase } from '../../src/notifications/deliver-notification/deliver-notification.usecase';
import { NotificationsQueueHandler } from '../../src/notifications/notifications-queue.handler';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { FakeSmtpServer } from '../helpers/fake-smtp-server';
import { startTestApp, TENANTS, TestApp } from '../helpers/test-app';
import { TestDatabase, TestVhost, createTestDatabase, createTestVhost, waitFor } from '@tenaz/test-kit';

const ACME = `Bearer ${TENANTS.acme.key}`;

interface AttemptView {
  number: number;
  outcome: string;
  error: string | null;
  retryInMs: number | null;
  startedAt: string;
  finishedAt: string | null;
  providerMessageId: string | null;
}

/** Queue `notifications` on each transport: application code and outcomes must not change with it. */
const TRANSPORTS = ['postgres', 'rabbitmq'] as const;

describe(DeliverNotificationUsecase.name, () => {
  describe.each(TRANSPORTS)('queue on %s', (transport) => {
    let database: TestDatabase;
    let provider: FakeHttpProvider;
    let smtp: FakeSmtpServer;
    let service: TestApp;
    let tracking: Messaging;
    let vhost: TestVhost | undefined;

    beforeAll(async () => {
      database = await createTestDatabase(`deliver_${transport}`);
      vhost = transport === 'rabbitmq' ? await createTestVhost('notif_deliver') : undefined;
      const broker: Record<string, string> = vhost ? { NOTIFICATIONS_QUEUE_TRANSPORT: 'rabbitmq', RABBITMQ_URL: vhost.url } : {};
      provider = await new FakeHttpProvider().start();
      smtp = await new FakeSmtpServer().start();
      service = await startTestApp({
        DATABASE_URL: database.url,
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Tenaz <avisos@tenaz.test>',
        SMS_PROVIDER_URL: `${provider.url}/sms`,
        SMS_PROVIDER_TOKEN: 'sms-token',
        WHATSAPP_PROVIDER_URL: `${provider.url}/whatsapp`,
        WHATSAPP_PROVIDER_TOKEN: 'whatsapp-token',
        PUSH_PROVIDER_URL: `${provider.url}/push`,
        PUSH_PROVIDER_TOKEN: 'push-token',
        PROVIDER_TIMEOUT_MS: '500',
        ...broker,
      });
      // Plays the tracking service: another process publishing on queue `notifications`.
      tracking = await createMessaging({
        postgres: { connectionString: database.url, schema: 'tenaz' },
        ...(vhost ? { rabbitmq: { url: vhost.url } } : {}),
        queues: { notifications: { ...QUEUES.notifications, retry: { ...QUEUES.notifications.retry }, transport } },
        logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      });
    }, 60_000);

    // Closing two services (draining their consumers) and dropping a database and a vhost takes
    // longer than Jest's 5 s default on a loaded 2-core machine.
    afterAll(async () => {
      await tracking?.close();
      await service?.close();
      await provider?.stop();
      await smtp?.stop();
      await database?.drop();
      await vhost?.drop();
    }, 30_000);

    const send = async (body: Record<string, unknown>): Promise<string> =>
      (await request(service.url).post('/notifications').set('Authorization', ACME).send(body).expect(202)).body.id as string;

    const settled = (id: string, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          // 404 until a notification requested by message has been stored.
          const view = await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME);
          expect([200, 404]).toContain(view.status);
          return view.body.status === 'sent' || view.body.status === 'dead'
            ? (view.body as { status: string; attempts: AttemptView[]; providerMessageId: string | null })
            : undefined;
        },
        { timeoutMs, description: `notification ${id} to be sent or dead` },
      );

    /** Messages of queue `notifications` acknowledged so far (the library's counter). */
    const deliveredCount = async () => {
      const metrics = await request(service.url).get('/metrics').expect(200);
      return Number(
        new RegExp(`tenaz_messages_delivered_total\\{queue="notifications",transport="${transport}"\\} (\\d+)`).exec(metrics.text)?.[1] ??
          0,
      );
    };

    const deadLetters = async () => (service.app.get(MESSAGING) as Messaging).deadLetters.list('notifications');

    describe('delivery per channel', () => {
      it('sends email over SMTP', async () => {
        const id = await send({
          channel: 'email',
          recipient: 'juana@example.com',
          subject: 'Tu envío {{tn}}',
          body: 'Llega hoy, {{name}}',
          data: { tn: 'TN-1', name: 'Juana' },
        });
        const view = await settled(id);
        expect(view).toMatchObject({ status: 'sent', attempts: [expect.objectContaining({ outcome: 'sent', provider: 'smtp' })] });
        const [mail] = smtp.mailsFor(id);
        expect(mail.to).toEqual(['juana@example.com']);
        expect(mail.raw).toContain('Subject: =?UTF-8?Q?Tu_env=C3=ADo_TN-1?=');
        expect(mail.raw).toContain('Llega hoy, Juana');
        expect(view.providerMessageId).toBe(`<${id}@notifications.tenaz>`);
      });

      it.each([
        ['sms', '+5215511110001', { body: 'Tu paquete sale hoy' }, 'Bearer sms-token'],
        ['whatsapp', '+5215511110002', { templateId: 'out_for_delivery', data: { eta: '14:00' } }, 'Bearer whatsapp-token'],
        ['push', 'fcm:push-token-abcdefghijklmnopqrstuvwxyz', { subject: 'Envío', body: 'En camino' }, 'Bearer push-token'],
      ])('sends %s through its HTTP provider', async (channel, recipient, content, authorization) => {
        const id = await send({ channel, recipient, ...content });
        const view = await settled(id);
        // One request, not merely one send: the fake deduplicates repeats with the same key, which would hide a resend.
        const [received, ...repeated] = provider.requestsFor(id);
        expect(repeated).toEqual([]);
        expect(received).toMatchObject({ path: `/${channel}`, authorization, idempotencyKey: id, recipient });
        expect(view).toMatchObject({
          status: 'sent',
          providerMessageId: expect.any(String),
          attempts: [expect.objectContaining({ outcome: 'sent', provider: 'http' })],
        });
      });
    });

    describe('transient failures', () => {
      it('retries 5xx answers with backoff, then sends', async () => {
        provider.script('+5215511110003', { status: 500 }, { status: 503 });
        const id = await send({ channel: 'sms', recipient: '+5215511110003', body: 'x' });
        const view = await settled(id);
        expect(view.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'failed', 'sent']);
        expect(view.attempts[0].error).toContain('provider answered 500');
        // Exponential backoff from 1 s: the second retry waits about twice as long as the first.
        const gap = (from: AttemptView, to: AttemptView) => Date.parse(to.startedAt) - Date.parse(from.finishedAt as string);
        expect(gap(view.attempts[0], view.attempts[1])).toBeGreaterThanOrEqual(900);
        expect(gap(view.attempts[1], view.attempts[2])).toBeGreaterThanOrEqual(1_900);
      });

      it('retries a provider that does not answer in time', async () => {
        provider.script('+5215511110004', 'hang');
        const id = await send({ channel: 'sms', recipient: '+5215511110004', body: 'x' });
        const view = await settled(id);
        expect(view.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'sent']);
        expect(view.attempts[0].error).toBe('provider did not answer within 500 ms');
      });

      it('waits for Retry-After on 429', async () => {
        provider.script('+5215511110005', { status: 429, retryAfter: '2' });
        const id = await send({ channel: 'whatsapp', recipient: '+5215511110005', body: 'x' });
        const view = await settled(id);
        expect(view.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'sent']);
        expect(view.attempts[0].retryInMs).toBe(2_000);
        expect(Date.parse(view.attempts[1].startedAt) - Date.parse(view.attempts[0].finishedAt as string)).toBeGreaterThanOrEqual(1_900);
      });

      it('retries an SMTP 4xx reply', async () => {
        smtp.defer.add('pedro@example.com');
        const id = await send({ channel: 'email', recipient: 'pedro@example.com', body: 'x' });
        const view = await settled(id);
        expect(view.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'sent']);
        expect(smtp.mailsFor(id)).toHaveLength(1);
      });
    });

    describe('permanent failures', () => {
      it('dead-letters a 4xx at once, without retrying', async () => {
        provider.script('+5215511110006', { status: 400 });
        const id = await send({ channel: 'sms', recipient: '+5215511110006', body: 'x' });
        const view = await settled(id);
        expect(view).toMatchObject({
          status: 'dead',
          attempts: [expect.objectContaining({ outcome: 'dead', error: expect.stringContaining('provider answered 400') })],
        });
        const parked = await waitFor(
          async () => (await deadLetters()).find((letter) => (letter.payload as { notificationId: string }).notificationId === id),
          {
            description: 'the dead letter',
          },
        );
        expect(parked).toMatchObject({ attempts: 1, reason: expect.stringContaining('provider rejected it: provider answered 400') });
        expect(provider.requestsFor(id)).toHaveLength(1);
      });

      it('dead-letters an SMTP 5xx reply at once', async () => {
        smtp.reject.add('nadie@example.com');
        const id = await send({ channel: 'email', recipient: 'nadie@example.com', body: 'x' });
        const view = await settled(id);
        expect(view).toMatchObject({
          status: 'dead',
          attempts: [expect.objectContaining({ outcome: 'dead', error: expect.stringContaining('550') })],
        });
      });
    });

    describe('exactly one send', () => {
      const skippedCount = async () => {
        const metrics = await request(service.url).get('/metrics').expect(200);
        return Number(/notifications_deliveries_total\{channel="sms",outcome="skipped"\} (\d+)/.exec(metrics.text)?.[1] ?? 0);
      };

      it('does not send again when the notification is delivered twice', async () => {
        const id = await send({ channel: 'sms', recipient: '+5215511110007', body: 'una vez' });
        await settled(id);
        // A second deliver message for the same notification (a duplicate the inbox cannot recognise).
        const duplicate = await tracking.publisher.publish(
          { queue: 'notifications', type: NOTIFICATION_DELIVER, payload: { notificationId: id, tenantId: TENANTS.acme.id } },
          { messageId: deterministicMessageId(`duplicate:${id}`) },
        );
        expect(duplicate.status).toBe('delivered');
        await waitFor(async () => (await service.app.get(MESSAGING).health('notifications')).pending === 0 && (await skippedCount()) >= 1, {
          description: 'the duplicate to be handled',
        });
        expect(provider.requestsFor(id)).toHaveLength(1);
        const view = await settled(id);
        expect(view.attempts).toHaveLength(1);
      });
    });

    describe('dead letters the queue decides', () => {
      // What the library passes to the onDeadLetter hook when consumers crashed on a message until
      // its attempts ran out (the hook's wiring to the library is tested in @tenaz/messaging).
      const crashLoop = { reason: DEAD_LETTER_REASONS.leaseExpiredTooOften, error: null };
      const deliverMessage = (id: string) =>
        ({
          id: randomUUID(),
          queue: 'notifications',
          type: NOTIFICATION_DELIVER,
          payload: { notificationId: id, tenantId: TENANTS.acme.id },
        }) as Message;

      it('marks a notification left sending by crashed consumers dead, its open attempt interrupted', async () => {
        const id = await send({ channel: 'sms', recipient: '+5215511110011', body: 'x' });
        await settled(id);
        // The state a consumer SIGKILLed during the send leaves behind.
        await database.sql.query(`UPDATE notifications.notifications SET status = 'sending' WHERE id = $1`, [id]);
        await database.sql.query(
          `UPDATE notifications.notification_attempts SET outcome = 'sending', finished_at = NULL WHERE notification_id = $1`,
          [id],
        );

        await service.app.get(NotificationsQueueHandler).onDeadLetter(deliverMessage(id), crashLoop);

        const view = (await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME).expect(200)).body as {
          status: string;
          lastError: string;
          attempts: AttemptView[];
        };
        expect(view.status).toBe('dead');
        expect(view.lastError).toBe(`dead-lettered by the queue (${DEAD_LETTER_REASONS.leaseExpiredTooOften})`);
        expect(view.attempts.map((attempt) => attempt.outcome)).toEqual(['interrupted']);
      });

      it('leaves a sent notification as it is', async () => {
        const id = await send({ channel: 'sms', recipient: '+5215511110012', body: 'x' });
        const before = await settled(id);
        await service.app.get(NotificationsQueueHandler).onDeadLetter(deliverMessage(id), crashLoop);
        const after = (await request(service.url).get(`/notifications/${id}`).set('Authorization', ACME).expect(200)).body as typeof before;
        expect(after).toEqual(before);
      });
    });

    describe('notification.requested messages', () => {
      const requested: NotificationRequested = {
        tenantId: TENANTS.acme.id,
        channel: 'sms',
        recipient: '+5215511110008',
        body: 'Tu envío {{trackingNumber}} está en reparto',
        data: { trackingNumber: 'TN-42' },
        source: { service: 'tracking', trackingNumber: 'TN-42', eventId: 'evt-42', milestone: 'out_for_delivery' },
      };

      it('stores the request once and delivers it like a REST notification', async () => {
        const messageId = deterministicMessageId('notification-request:acme:evt-42:out_for_delivery');
        const publish = () =>
          tracking.publisher.publish(
            { queue: 'notifications', type: NOTIFICATION_REQUESTED, payload: requested },
            { messageId, correlationId: 'shipment-TN-42', tenantId: 'acme', priority: 1 },
          );
        await publish();
        const id = requestedNotificationId(messageId);
        const view = await settled(id);
        expect(view).toMatchObject({
          status: 'sent',
          origin: 'queue',
          correlationId: 'shipment-TN-42',
          source: requested.source,
          priority: 1,
        });
        expect(provider.requestsFor(id)[0].body).toMatchObject({ body: 'Tu envío TN-42 está en reparto' });

        // The same value on both transports: the original was handled and acknowledged, and an ack
        // deletes its row on PostgreSQL, so neither can recognise the repeat at publish (PostgreSQL
        // does only while the first copy is stored, see idempotent-publish.spec.ts). The consumer's
        // inbox acknowledges the copy without handling it again.
        const deliveredBefore = await deliveredCount();
        const again = await publish();
        expect(again).toEqual({ messageId, status: 'delivered' });
        // A later message, published after the copy: once both are acknowledged, the copy was handled.
        const later = await send({ channel: 'sms', recipient: '+5215511110010', body: 'después' });
        await settled(later);
        await waitFor(async () => (await deliveredCount()) >= deliveredBefore + 2, {
          description: 'the copy and the later message acknowledged',
        });
        const count = await database.sql.query('SELECT count(*) FROM notifications.notifications WHERE id = $1', [id]);
        expect(Number(count.rows[0].count)).toBe(1);
        expect(provider.requestsFor(id)).toHaveLength(1);
      });

      it('dead-letters a request that breaks the contract, naming every problem', async () => {
        const messageId = deterministicMessageId('notification-request:acme:bad');
        await tracking.publisher.publish(
          {
            queue: 'notifications',
            type: NOTIFICATION_REQUESTED,
            payload: { ...requested, channel: 'email', recipient: '+5215511110009', body: undefined, templateId: 'welcome' },
          },
          { messageId },
        );
        const parked = await waitFor(async () => (await deadLetters()).find((letter) => letter.id === messageId), {
          description: 'the dead letter',
        });
        expect(parked.reason).toBe(
          'invalid notification.requested: recipient: must be an email address for channel email; body: is required for channel email (SMTP has no provider-side templates)',
        );
        const count = await database.sql.query('SELECT count(*) FROM notifications.notifications WHERE id = $1', [
          requestedNotificationId(messageId),
        ]);
        expect(Number(count.rows[0].count)).toBe(0);
      });
    });

    it('counts deliveries by channel and outcome, and end-to-end latency', async () => {
      // Its own traffic, counted as differences: the test stands alone, whatever ran before it.
      const series = {
        smsFailed: 'notifications_deliveries_total{channel="sms",outcome="failed"}',
        smsDead: 'notifications_deliveries_total{channel="sms",outcome="dead"}',
        smsSent: 'notifications_deliveries_total{channel="sms",outcome="sent"}',
        emailSent: 'notifications_deliveries_total{channel="email",outcome="sent"}',
        whatsappEndToEnd: 'notifications_end_to_end_seconds_count{channel="whatsapp"}',
        smsFromQueue: 'notifications_accepted_total{channel="sms",origin="queue"}',
      };
      const read = async () => {
        const text = (await request(service.url).get('/metrics').expect(200)).text;
        const value = (name: string) =>
          Number(
            text
              .split('\n')
              .find((line) => line.startsWith(`${name} `))
              ?.slice(name.length + 1) ?? 0,
          );
        return Object.fromEntries(Object.entries(series).map(([key, name]) => [key, value(name)])) as Record<keyof typeof series, number>;
      };
      const before = await read();

      provider.script('+5215511110021', { status: 500 });
      provider.script('+5215511110022', { status: 400 });
      const ids = [
        await send({ channel: 'sms', recipient: '+5215511110021', body: 'falla y sale' }),
        await send({ channel: 'sms', recipient: '+5215511110022', body: 'rechazado' }),
        await send({ channel: 'email', recipient: 'metricas@example.com', body: 'x' }),
        await send({ channel: 'whatsapp', recipient: '+5215511110023', body: 'x' }),
      ];
      const messageId = deterministicMessageId('notification-request:acme:metrics');
      await tracking.publisher.publish(
        {
          queue: 'notifications',
          type: NOTIFICATION_REQUESTED,
          payload: { tenantId: TENANTS.acme.id, channel: 'sms', recipient: '+5215511110024', body: 'por mensaje' },
        },
        { messageId, tenantId: 'acme' },
      );
      ids.push(requestedNotificationId(messageId));
      await Promise.all(ids.map((id) => settled(id)));

      const expected = { smsFailed: 1, smsDead: 1, smsSent: 2, emailSent: 1, whatsappEndToEnd: 1, smsFromQueue: 1 };
      const delta = (now: Record<string, number>) =>
        Object.fromEntries(Object.keys(expected).map((key) => [key, now[key] - before[key as keyof typeof series]]));
      // Counters move as each outcome is recorded; wait until every one has moved, then require exact counts.
      const after = await waitFor(
        async () => {
          const now = delta(await read());
          return Object.entries(expected).every(([key, count]) => now[key] >= count) ? now : undefined;
        },
        { description: 'the deliveries counted' },
      );
      expect(after).toEqual(expected);
    });
  });
});
