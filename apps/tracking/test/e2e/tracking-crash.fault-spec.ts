import { Client } from 'pg';
import { ApplyTrackingEventUsecase } from '../../src/shipments/apply-tracking-event/apply-tracking-event.usecase';
import { BuiltService, spawnBuilt, stopBuilt } from '../helpers/built-service';
import { FakeHttpProvider } from '../helpers/fake-http-provider';
import { API_KEYS } from '../helpers/test-app';
import { bearer } from '../helpers/tracking-client';
import { TestDatabase, createTestDatabase, waitFor } from '@tenaz/test-kit';

const LIFECYCLE = ['created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered'] as const;
const SHIPMENTS = 30;
/** Requests in flight at once, like a few carrier integrations posting together. */
const CONCURRENCY = 8;

interface CarrierEvent {
  trackingNumber: string;
  eventId: string;
  status: string;
  occurredAt: string;
}

const phoneOf = (index: number) => `+52155${String(7_000_000 + index).padStart(8, '0')}`;

/** Every event of every shipment, in an order scrambled away from occurrence. */
function carrierStream(): CarrierEvent[] {
  const base = Date.now() - 24 * 3_600_000;
  const events = Array.from({ length: SHIPMENTS }, (_, shipment) =>
    LIFECYCLE.map((status, step) => ({
      trackingNumber: `TN-KILL-${shipment}`,
      eventId: `kill-${shipment}-${step}`,
      status,
      occurredAt: new Date(base + shipment * 60_000 + step * 3_600_000).toISOString(),
    })),
  ).flat();
  // Deterministic scramble: stride through the list so neighbours in occurrence land far apart.
  return events.map((_, index) => events[(index * 37) % events.length]);
}

/**
 * The built tracking service is SIGKILLed while carriers post events and the projection applies
 * them, then restarted. Carriers re-post what was not acknowledged (as they do on a failed
 * request). Every accepted event ends in its timeline once, and every milestone requested is
 * notified once, through the built notifications service and a fake provider.
 */
describe(`${ApplyTrackingEventUsecase.name}: the tracking service killed mid-stream`, () => {
  let database: TestDatabase;
  let provider: FakeHttpProvider;
  let notifications: BuiltService;
  const running: BuiltService[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('kill');
    provider = await new FakeHttpProvider().start();
    // Claims held by the killed process expire 2 s after their last renewal and are taken again.
    // The shortest lease the projection's 3 s idle-transaction bound allows (see leaseProblem).
    env = { DATABASE_URL: database.url, API_KEYS, PROJECTION_LEASE_MS: '6000' };
    notifications = await spawnBuilt('notifications', { DATABASE_URL: database.url, API_KEYS, ...provider.providerEnv() });
  }, 60_000);

  // Each test starts its own tracking processes: none is left to apply the next test's events.
  afterEach(async () => {
    for (const service of running.splice(0)) {
      await stopBuilt(service, 'SIGKILL');
    }
  });

  afterAll(async () => {
    for (const service of [...running, notifications]) {
      if (service) {
        await stopBuilt(service, 'SIGKILL');
      }
    }
    await provider?.stop();
    await database?.drop();
  });

  const startTracking = async () => {
    const service = await spawnBuilt('tracking', env);
    running.push(service);
    return service;
  };

  const call = async (
    service: BuiltService,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> } | undefined> => {
    try {
      const response = await fetch(`${service.url}${path}`, {
        method,
        headers: { authorization: bearer('acme'), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    } catch {
      return undefined; // The service is gone: the carrier sees a failed request.
    }
  };

  /** Posts events `CONCURRENCY` at a time; returns the keys answered 202. `onAccepted` runs after each. */
  const post = async (
    service: BuiltService,
    events: CarrierEvent[],
    onAccepted: (count: number) => void = () => undefined,
  ): Promise<Set<string>> => {
    const accepted = new Set<string>();
    let next = 0;
    const worker = async () => {
      while (next < events.length) {
        const { trackingNumber, ...event } = events[next++];
        const answer = await call(service, 'POST', `/shipments/${trackingNumber}/events`, event);
        if (answer?.status === 202) {
          accepted.add(`${trackingNumber}/${event.eventId}`);
          onAccepted(accepted.size);
        } else if (answer) {
          throw new Error(`POST answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return accepted;
  };

  it('ends every accepted event in its timeline once and notifies every requested milestone once', async () => {
    const first = await startTracking();
    for (let index = 0; index < SHIPMENTS; index += 1) {
      const answer = await call(first, 'POST', '/shipments', {
        trackingNumber: `TN-KILL-${index}`,
        recipient: { phone: phoneOf(index) },
        notify: [
          { on: 'out_for_delivery', channel: 'whatsapp' },
          { on: 'delivered', channel: 'sms' },
        ],
      });
      expect(answer?.status).toBe(201);
    }
    const stream = carrierStream();
    const killAfter = Math.floor(stream.length * 0.4);
    const acceptedBeforeKill = await post(first, stream, (count) => {
      if (count === killAfter) {
        first.process.kill('SIGKILL');
      }
    });
    await first.exited;
    expect(acceptedBeforeKill.size).toBeGreaterThanOrEqual(killAfter);
    expect(acceptedBeforeKill.size).toBeLessThan(stream.length);

    // Carriers retry what was not acknowledged; some of it may have committed just before the kill.
    const second = await startTracking();
    const retried = stream.filter((event) => !acceptedBeforeKill.has(`${event.trackingNumber}/${event.eventId}`));
    const acceptedAfterRestart = await post(second, retried);
    expect(acceptedAfterRestart.size).toBe(retried.length);

    for (let index = 0; index < SHIPMENTS; index += 1) {
      const view = await waitFor(
        async () => {
          const answer = await call(second, 'GET', `/shipments/TN-KILL-${index}`);
          return answer?.status === 200 &&
            answer.body['pendingEvents'] === 0 &&
            (answer.body['timeline'] as unknown[]).length >= LIFECYCLE.length
            ? answer.body
            : undefined;
        },
        { timeoutMs: 30_000, description: `TN-KILL-${index}'s timeline` },
      );
      expect((view['timeline'] as { eventId: string }[]).map((entry) => entry.eventId)).toEqual(
        LIFECYCLE.map((_, step) => `kill-${index}-${step}`),
      );
      expect(view['status']).toBe('delivered');
    }

    // Every shipment ends delivered, so its delivered milestone is requested; its out-for-delivery one
    // only if that scan was applied while it was the newest (the scrambled stream may apply it after
    // the delivery, and a stale milestone is never notified). Each requested one reaches the provider once.
    const requested = await database.sql.query(
      `SELECT s.recipient_phone AS phone, m.channel FROM tracking.milestone_notifications m JOIN tracking.shipments s ON s.id = m.shipment_id WHERE s.tracking_number LIKE 'TN-KILL-%'`,
    );
    const expectedKeys = requested.rows.map((row) => `/${row.channel} ${row.phone}`);
    expect(expectedKeys).toEqual(expect.arrayContaining(Array.from({ length: SHIPMENTS }, (_, index) => `/sms ${phoneOf(index)}`)));
    await waitFor(
      async () => {
        const sent = await database.sql.query(`SELECT count(*)::int AS count FROM notifications.notifications WHERE status = 'sent'`);
        return sent.rows[0].count === expectedKeys.length;
      },
      { timeoutMs: 60_000, description: `${expectedKeys.length} notifications sent` },
    );
    const perMilestone = new Map<string, number>();
    for (const entry of provider.requests) {
      const key = `${entry.path} ${String(entry.body['to'])}`;
      perMilestone.set(key, (perMilestone.get(key) ?? 0) + 1);
    }
    expect([...perMilestone.keys()].sort()).toEqual(expectedKeys.sort());
    expect([...perMilestone.values()].filter((count) => count !== 1)).toEqual([]);
    const stored = await database.sql.query(`SELECT count(*)::int AS count FROM tracking.tracking_events`);
    expect(stored.rows[0].count).toBe(stream.length);
  }, 120_000);

  it('drains the projection on SIGTERM: the events it is applying are applied before it exits', async () => {
    // A process of its own: no other tracking process is left to apply these events.
    const service = await startTracking();
    const registered = await call(service, 'POST', '/shipments', {
      trackingNumber: 'TN-TERM-1',
      recipient: { phone: phoneOf(99) },
      notify: [{ on: 'delivered', channel: 'sms' }],
    });
    expect(registered?.status).toBe(201);
    const events = LIFECYCLE.map((status, step) => ({
      trackingNumber: 'TN-TERM-1',
      eventId: `term-${step}`,
      status,
      occurredAt: new Date(Date.now() - (10 - step) * 60_000).toISOString(),
    }));

    // The test holds the shipment's row: accepting an event only reads it (its foreign key takes a
    // KEY SHARE lock), but applying one updates it, so every projection waits mid-transaction.
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM tracking.shipments WHERE tracking_number = 'TN-TERM-1' FOR NO KEY UPDATE`);
      const accepted = await post(service, events);
      expect(accepted.size).toBe(events.length);
      await waitFor(
        async () =>
          (
            await database.sql.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          ).rows[0].n >= events.length,
        { timeoutMs: 3_000, description: 'every projection waiting on the shipment row' },
      );
      service.process.kill('SIGTERM');
      // Released at once (the projections' lock timeout is 5 s): a process that does not drain is
      // gone before its handlers can go on, and its transactions roll back with its connections.
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    const exit = await service.exited;
    // Nest re-raises the signal once its shutdown hooks finished, so a clean stop ends by SIGTERM,
    // as a process without handlers does: the drain shows in the database, read before any restart.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(service.logs.some((entry) => entry['msg'] === 'messaging closed')).toBe(true);

    const stored = await database.sql.query(
      `SELECT e.event_id, e.applied_at IS NOT NULL AS applied FROM tracking.tracking_events e JOIN tracking.shipments s ON s.id = e.shipment_id WHERE s.tracking_number = 'TN-TERM-1' ORDER BY e.event_id`,
    );
    expect(stored.rows).toEqual(events.map((event) => ({ event_id: event.eventId, applied: true })));
    const shipment = await database.sql.query(`SELECT status FROM tracking.shipments WHERE tracking_number = 'TN-TERM-1'`);
    expect(shipment.rows).toEqual([{ status: 'delivered' }]);
    // Every track_trace message acknowledged (an ack deletes its row), none left held or pending.
    const left = await database.sql.query(`SELECT status FROM tenaz.reliable_messages WHERE queue_name = 'track_trace'`);
    expect(left.rows).toEqual([]);
    // The milestone the delivered event raised was committed with it and reaches the provider.
    await waitFor(() => provider.requests.some((entry) => entry.body['to'] === phoneOf(99)), { description: 'the delivered notification' });
  }, 60_000);
});
