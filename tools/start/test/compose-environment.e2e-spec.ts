import request from 'supertest';
import { TestDatabase, createTestDatabase, waitFor } from '@tenaz/test-kit';
import { readComposeFile, serviceEnvironment } from './helpers/compose-file';
import { missingBuilds, spawnStart, StartProcess } from './helpers/start-process';

/**
 * The documented compose path (`docker compose up`), run here without Docker: both services get
 * exactly the environment docker-compose.yml gives them, production mode included, except the
 * addresses, which name compose's network (`postgres:5432`, `0.0.0.0:3001`) and are mapped to
 * this machine. Before the fix this exited 78: the demo key was shorter than production's
 * 16-character minimum and production refused the development sink.
 */
describe('docker-compose.yml environment', () => {
  /** The only variables mapped, each naming an address of compose's network. */
  const ADDRESS_VARIABLES = ['DATABASE_URL', 'RABBITMQ_URL', 'HOST', 'NOTIFICATIONS_PORT', 'TRACKING_PORT'];
  let database: TestDatabase;
  let npmStart: StartProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('compose_env');
  });

  afterAll(async () => {
    await npmStart?.stop('SIGTERM');
    await database.drop();
  });

  it("starts both services through npm start with the compose file's environment and carries a milestone to the development sink", async () => {
    expect(missingBuilds()).toEqual([]);
    const { services } = readComposeFile();
    const notifications = serviceEnvironment(services['notifications'] ?? {});
    const tracking = serviceEnvironment(services['tracking'] ?? {});
    // npm start gives both services one environment: the two must agree on every variable they share.
    const shared = Object.keys(notifications).filter((name) => name in tracking);
    expect(shared.filter((name) => notifications[name] !== tracking[name])).toEqual([]);
    expect(notifications['NODE_ENV']).toBe('production');
    expect(tracking['NODE_ENV']).toBe('production');

    const composeEnvironment = { ...tracking, ...notifications };
    const local: Record<string, string> = {
      DATABASE_URL: database.url,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      HOST: '127.0.0.1',
      NOTIFICATIONS_PORT: '0',
      TRACKING_PORT: '0',
    };
    expect(Object.keys(local).sort()).toEqual([...ADDRESS_VARIABLES].sort());
    expect(ADDRESS_VARIABLES.filter((name) => !(name in composeEnvironment))).toEqual([]);
    npmStart = spawnStart([], { ...composeEnvironment, ...local });
    const { summary, tracking: trackingUrl, notifications: notificationsUrl } = await npmStart.running();
    expect(summary).toContain('from API_KEYS (tenants demo)');

    const [tenant, key] = (composeEnvironment['API_KEYS'] ?? '').split(':');
    expect(tenant).toBe('demo');
    const auth = `Bearer ${key}`;
    await request(trackingUrl).get('/health/ready').expect(200);
    await request(notificationsUrl).get('/health/ready').expect(200);
    await request(trackingUrl)
      .post('/shipments')
      .set('Authorization', auth)
      .send({ trackingNumber: 'TN-COMPOSE-1', recipient: { phone: '+5215599990002' }, notify: [{ on: 'delivered', channel: 'sms' }] })
      .expect(201);
    await request(trackingUrl)
      .post('/shipments/TN-COMPOSE-1/events')
      .set('Authorization', auth)
      .send({ eventId: 'e-1', status: 'delivered', occurredAt: new Date(Date.now() - 60_000).toISOString() })
      .expect(202);
    const notificationId = await waitFor(
      async () =>
        (await request(trackingUrl).get('/shipments/TN-COMPOSE-1').set('Authorization', auth).expect(200)).body.notifications[0]
          ?.notificationId as string | undefined,
      { description: 'the delivered milestone requested' },
    );
    await waitFor(
      async () =>
        (await request(notificationsUrl).get(`/notifications/${notificationId}`).set('Authorization', auth)).body.status === 'sent',
      {
        description: 'the notification sent through the development sink',
      },
    );
    expect(await npmStart.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });
});
