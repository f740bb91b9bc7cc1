import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, TerminusModule } from '@nestjs/terminus';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Message, Messaging, Publisher, UnknownQueueError } from '../../src';
import { MESSAGING, MessagingHealthIndicator, MessagingModule, OnMessage } from '../../src/nest';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { compileNestApp, messageState, messagingOptionsFor } from './nest-test-app';
import { waitFor } from '@tenaz/test-kit';

@Injectable()
class FastHandler {
  @OnMessage('fast')
  handle(_message: Message): void {
    // Handled at once: the queue stays within its SLA.
  }
}

describe(MessagingHealthIndicator.name, () => {
  let schema: TestSchema;
  let app: TestingModule;
  let indicator: MessagingHealthIndicator;

  beforeAll(async () => {
    schema = await createTestSchema('nest_health');
    app = await compileNestApp({
      imports: [
        TerminusModule,
        MessagingModule.forRoot({
          // `late` has no consumer in this app and an SLA of 50 ms: one pending message breaks it.
          messaging: messagingOptionsFor(schema, { fast: { slaMs: 30_000 }, late: { slaMs: 50 } }, `nest-health-${randomUUID().slice(0, 8)}`),
        }),
      ],
      providers: [FastHandler],
    });
    await app.init();
    indicator = app.get(MessagingHealthIndicator);
  });

  afterAll(async () => {
    await app?.close();
    await schema.drop();
  });

  it('is up while the transports answer and every queue meets its SLA, then down when a queue breaks it', async () => {
    const publisher = app.get(Publisher);
    const handled = await publisher.publish({ queue: 'fast', type: 'ping', payload: {} });
    await waitFor(async () => (await messageState(schema, handled.messageId)) === 'acknowledged', { description: 'the fast message to be handled' });

    const up = await indicator.isHealthy('messaging');
    expect(up).toEqual({
      messaging: {
        status: 'up',
        transports: { postgres: true },
        queues: {
          fast: expect.objectContaining({ queue: 'fast', transport: 'postgres', pending: 0, slaMs: 30_000, slaCompliant: true }),
          late: expect.objectContaining({ queue: 'late', pending: 0, oldestPendingAgeMs: 0, slaMs: 50, slaCompliant: true }),
        },
      },
    });

    await publisher.publish({ queue: 'late', type: 'stuck', payload: {} });
    const down = await waitFor(
      async () => {
        const result = await indicator.isHealthy('messaging');
        return result.messaging.status === 'down' ? result : undefined;
      },
      { description: 'the indicator to report the late queue' },
    );
    expect(down.messaging).toMatchObject({
      status: 'down',
      message: 'queue late breaks its SLA',
      transports: { postgres: true },
      queues: { fast: { slaCompliant: true }, late: { pending: 1, slaCompliant: false } },
    });
    expect((down.messaging['queues'] as Record<string, { oldestPendingAgeMs: number }>)['late'].oldestPendingAgeMs).toBeGreaterThan(50);

    // Only the queues asked about count.
    expect((await indicator.isHealthy('fast-only', { queues: ['fast'] }))['fast-only']).toMatchObject({ status: 'up', queues: { fast: { slaCompliant: true } } });
  });

  it("turns terminus' check into 503 with the details while a queue breaks its SLA", async () => {
    await app.get(Publisher).publish({ queue: 'late', type: 'stuck', payload: {} });
    await waitFor(async () => (await indicator.isHealthy('messaging')).messaging.status === 'down', { description: 'the late queue to break its SLA' });

    const failure = await app
      .get(HealthCheckService)
      .check([() => indicator.isHealthy('messaging')])
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    expect((failure as ServiceUnavailableException).getResponse()).toMatchObject({
      status: 'error',
      error: { messaging: { status: 'down', queues: { late: { slaCompliant: false } } } },
    });
  });

  it('throws UnknownQueueError when asked about a queue that is not configured', async () => {
    await expect(indicator.isHealthy('messaging', { queues: ['fast', 'nope'] })).rejects.toBeInstanceOf(UnknownQueueError);
  });

  it('is down when messaging no longer answers', async () => {
    const closedApp = await compileNestApp({
      imports: [MessagingModule.forRoot({ messaging: messagingOptionsFor(schema, { fast: { slaMs: 30_000 } }, `nest-health-closed-${randomUUID().slice(0, 8)}`) })],
    });
    await closedApp.init();
    try {
      await closedApp.get<Messaging>(MESSAGING).close();
      const result = await closedApp.get(MessagingHealthIndicator).isHealthy('messaging');
      expect(result).toEqual({ messaging: { status: 'down', message: expect.stringContaining('closed') } });
    } finally {
      await closedApp.close();
    }
  });
});
