import type { Message } from '@tenaz/messaging';
import pino from 'pino';
import type { EntityManager } from 'typeorm';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import type { ChannelProviders } from '../channels/channel-providers';
import type { SendResult } from '../channels/channel.interface';
import { ProviderUnavailableError } from '../errors';
import type { NotificationEntity } from '../notification.entity';
import type { AttemptResult, NotificationRepository } from '../notification.repository';
import type { NotificationStatus } from '../notification-status';
import { DeliverNotificationUsecase } from './deliver-notification.usecase';

const ID = '7d0c1a52-33b1-4c8e-9f3e-446655440000';

/**
 * The decisions of one attempt, with the repository and provider replaced by recorders (storage is
 * covered by the e2e tests against PostgreSQL; here only what the use case decides).
 */
describe(DeliverNotificationUsecase.name, () => {
  let finished: { result: AttemptResult; status: NotificationStatus }[];
  let status: NotificationStatus;
  let answer: SendResult;
  let sends: number;

  const usecase = () => {
    const repository = {
      findById: async () =>
        ({
          id: ID,
          tenantId: 'acme',
          channel: 'sms',
          recipient: '+5215512345678',
          status,
          subject: null,
          body: 'x',
          data: null,
          createdAt: new Date(),
        }) as unknown as NotificationEntity,
      beginAttempt: async () => ({ number: 1, interrupted: 0 }),
      finishAttempt: async (_id: string, _number: number, result: AttemptResult, next: NotificationStatus) => {
        finished.push({ result, status: next });
        return true;
      },
    } as unknown as NotificationRepository;
    const providers = {
      for: () => ({
        name: 'http',
        send: async () => {
          sends += 1;
          return answer;
        },
      }),
    } as unknown as ChannelProviders;
    return new DeliverNotificationUsecase(repository, providers, new NotificationsMetrics(), pino({ level: 'silent' }));
  };
  const deliver = (attempt: number) =>
    usecase().execute({
      message: { id: 'm1', attempt, payload: { notificationId: ID, tenantId: 'acme' } } as Message,
      signal: new AbortController().signal,
      transaction: {} as EntityManager,
    });

  beforeEach(() => {
    finished = [];
    status = 'queued';
    sends = 0;
  });

  it('acknowledges a notification already sent without sending it again', async () => {
    status = 'sent';
    await expect(deliver(2)).resolves.toBe('ack');
    expect(sends).toBe(0);
  });

  it('marks a transient failure failed and lets the queue retry it by policy', async () => {
    answer = { kind: 'retry', error: 'provider answered 503' };
    await expect(deliver(1)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(finished).toEqual([{ result: { outcome: 'failed', error: 'provider answered 503', retryInMs: null }, status: 'failed' }]);
  });

  it('asks for the Retry-After wait on 429', async () => {
    answer = { kind: 'retry', error: 'provider answered 429', retryAfterMs: 3_000 };
    await expect(deliver(1)).resolves.toEqual({ retryInMs: 3_000 });
  });

  it('marks the last attempt (1 + 5 retries) dead, as the queue dead-letters it', async () => {
    answer = { kind: 'retry', error: 'provider answered 500' };
    await expect(deliver(6)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(finished[0]).toMatchObject({ result: { outcome: 'dead' }, status: 'dead' });
  });

  it('dead-letters a rejection at once', async () => {
    answer = { kind: 'reject', error: 'provider answered 400' };
    await expect(deliver(1)).resolves.toEqual({ deadLetter: 'provider rejected it: provider answered 400' });
    expect(finished[0]).toMatchObject({ result: { outcome: 'dead' }, status: 'dead' });
  });

  it('dead-letters a payload that breaks the contract', async () => {
    const result = await usecase().execute({
      message: { id: 'm1', attempt: 1, payload: { notificationId: 'nope' } } as Message,
      signal: new AbortController().signal,
      transaction: {} as EntityManager,
    });
    expect(result).toEqual({ deadLetter: expect.stringMatching(/^invalid notification.deliver payload: notificationId: .*; tenantId: /) });
  });
});
