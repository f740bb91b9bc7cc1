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
          messaging: messagingOptionsFor(
            schema,
            { fast: { slaMs: 30_000 }, late: { slaMs: 50 } },
            `nest-health-${randomUUID().slice(0, 8)}`,
          ),
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

  it('stays up while a queue breaks its SLA, naming the breach in its details; isWithinSla is the check that goes down', async () => {
    const publisher = app.get(Publisher);
    const handled = await publisher.publish({ queue: 'fast', type: 'ping', payload: {} });
    await waitFor(async () => (await messageState(schema, handled.messageId)) === 'acknowledged', {
      description: 'the fast message to be handled',
    });

    const up = await indicator.isHealthy('messaging');
    expect(up).toEqual({
      messaging: {
        status: 'up',
        transports: { postgres: true },
        slaBreaches: [],
        queues: {
          fast: expect.objectContaining({ queue: 'fast', transport: 'postgres', pending: 0, slaMs: 30_000, slaCompliant: true }),
          late: expect.objectContaining({ queue: 'late', pending: 0, oldestPendingAgeMs: 0, slaMs: 50, slaCompliant: true }),
        },
      },
    });
    expect(await indicator.isWithinSla('sla')).toMatchObject({ sla: { status: 'up', slaBreaches: [] } });

    await publisher.publish({ queue: 'late', type: 'stuck', payload: {} });
    const breached = await waitFor(
      async () => {
        const result = await indicator.isWithinSla('sla');
        return result.sla.status === 'down' ? result : undefined;
      },
      { description: 'the SLA check to report the late queue' },
    );
    expect(breached.sla).toMatchObject({
      status: 'down',
      message: 'queue late breaks its SLA',
      slaBreaches: ['late'],
      queues: { fast: { slaCompliant: true }, late: { pending: 1, slaCompliant: false } },
    });
    expect((breached.sla['queues'] as Record<string, { oldestPendingAgeMs: number }>)['late'].oldestPendingAgeMs).toBeGreaterThan(50);

    // Readiness is unmoved by the breach: the transports answer.
    expect((await indicator.isHealthy('messaging')).messaging).toMatchObject({
      status: 'up',
      slaBreaches: ['late'],
      queues: { late: { slaCompliant: false } },
    });
    // Only the queues asked about count.
    expect((await indicator.isWithinSla('fast-only', { queues: ['fast'] }))['fast-only']).toMatchObject({
      status: 'up',
      queues: { fast: { slaCompliant: true } },
    });
  });

  it("turns terminus' check into 503 with the details while a queue breaks its SLA, for isWithinSla only", async () => {
    await app.get(Publisher).publish({ queue: 'late', type: 'stuck', payload: {} });
    await waitFor(async () => (await indicator.isWithinSla('sla')).sla.status === 'down', {
      description: 'the late queue to break its SLA',
    });

    const failure = await app
      .get(HealthCheckService)
      .check([() => indicator.isWithinSla('sla')])
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(ServiceUnavailableException);
    expect((failure as ServiceUnavailableException).getResponse()).toMatchObject({
      status: 'error',
      error: { sla: { status: 'down', queues: { late: { slaCompliant: false } } } },
    });
    await expect(app.get(HealthCheckService).check([() => indicator.isHealthy('messaging')])).resolves.toMatchObject({ status: 'ok' });
  });

  it('throws UnknownQueueError when asked about a queue that is not configured', async () => {
    await expect(indicator.isHealthy('messaging', { queues: ['fast', 'nope'] })).rejects.toBeInstanceOf(UnknownQueueError);
  });

  it('is down when messaging no longer answers', async () => {
    const closedApp = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(schema, { fast: { slaMs: 30_000 } }, `nest-health-closed-${randomUUID().slice(0, 8)}`),
        }),
      ],
    });
    await closedApp.init();
    try {
      await closedApp.get<Messaging>(MESSAGING).close();
      const result = await closedApp.get(MessagingHealthIndicator).isHealthy('messaging');
      expect(result).toEqual({ messaging: { status: 'down', message: expect.stringMatching(/^the check failed \(.*CLOSED.*\)$/) } });
    } finally {
      await closedApp.close();
    }
  });
});
