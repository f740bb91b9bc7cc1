import { createMessaging, Message, Messaging, MessagingOptions, QueueOptions, selectTransport } from '../../src';
import { quietLogger } from '../helpers/quiet-logger';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { waitFor } from '@tenaz/test-kit';

/** The seed's queues, as the services configure them (the library does not depend on their contracts). */
const QUEUES: Record<string, QueueOptions> = {
  notifications: { slaMs: 30_000, retry: { backoff: 'exponential', maxRetries: 5, baseDelayMs: 1_000, maxDelayMs: 600_000 } },
  track_trace: { slaMs: 10_000, retry: { backoff: 'linear', maxRetries: 10, baseDelayMs: 500, maxDelayMs: 120_000 } },
};
/** Tracking events are critical (seed: tracking = 2). */
const TRACKING_PRIORITY = 2;

/**
 * "Application code": what a tracking service does with the library. It names queues, never
 * transports, and is the same function in both configurations below.
 */
async function recordTrackingEvent(messaging: Messaging, trackingNumber: string, status: string): Promise<string> {
  const result = await messaging.publisher.publish(
    { queue: 'track_trace', type: 'tracking.event-recorded', payload: { trackingNumber, status } },
    { priority: TRACKING_PRIORITY, correlationId: trackingNumber },
  );
  if (result.status !== 'delivered') {
    throw new Error(`tracking event not accepted: ${result.error}`);
  }
  return result.messageId;
}

function followTimeline(messaging: Messaging, timeline: string[]) {
  return messaging.consumer.consume<{ status: string }>(
    'track_trace',
    async (message: Message<{ status: string }>) => void timeline.push(message.payload.status),
  );
}

describe(`transport choice by SLA (${selectTransport.name})`, () => {
  let bed: RabbitMqTestBed;
  const running: Messaging[] = [];

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('sla');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((messaging) => messaging.close()));
  });
  afterAll(() => bed.drop());

  /** The deployment's configuration: the same queues; only the transport policy differs. */
  function configuration(tiers: NonNullable<MessagingOptions['transportPolicy']>['tiers']): MessagingOptions {
    return {
      postgres: { connectionString: bed.store.connectionString, schema: bed.store.schema },
      rabbitmq: { url: bed.vhost.url },
      queues: QUEUES,
      transportPolicy: { tiers, default: 'postgres' },
      logger: quietLogger(),
    };
  }

  it('moves track_trace from PostgreSQL to RabbitMQ by configuration alone', async () => {
    const onPostgres = await createMessaging(configuration([]));
    running.push(onPostgres);
    expect(onPostgres.queues.get('track_trace')?.transport).toBe('postgres');
    const before: string[] = [];
    await followTimeline(onPostgres, before);
    await recordTrackingEvent(onPostgres, 'TN-1', 'picked_up');
    await waitFor(() => before.length === 1, { description: 'the event over PostgreSQL' });
    await onPostgres.close();

    // Tier: queues whose SLA is 10 s or tighter run on RabbitMQ. Nothing else changes.
    const onRabbitMq = await createMessaging(configuration([{ maxSlaMs: 10_000, transport: 'rabbitmq' }]));
    running.push(onRabbitMq);
    expect(onRabbitMq.queues.get('track_trace')?.transport).toBe('rabbitmq');
    expect(onRabbitMq.queues.get('notifications')?.transport).toBe('postgres');
    const after: string[] = [];
    await followTimeline(onRabbitMq, after);
    const messageId = await recordTrackingEvent(onRabbitMq, 'TN-1', 'in_transit');
    await waitFor(() => after.length === 1, { description: 'the event over RabbitMQ' });
    expect(after).toEqual(['in_transit']);

    // It really went through RabbitMQ: the broker counted it, PostgreSQL's queue table never saw it.
    expect((await onRabbitMq.health('track_trace')).transport).toBe('rabbitmq');
    const rows = await bed.store.sql.query(`SELECT count(*)::int AS n FROM ${bed.store.table('reliable_messages')} WHERE id = $1`, [
      messageId,
    ]);
    expect(rows.rows[0].n).toBe(0);
    const channel = await bed.amqp.createChannel();
    expect((await channel.checkQueue('tenaz.track_trace.p2')).consumerCount).toBe(1);
    await channel.close();
  });
});
