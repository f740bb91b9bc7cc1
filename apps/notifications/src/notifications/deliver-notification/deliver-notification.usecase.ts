import { Inject, Injectable } from '@nestjs/common';
import { notificationDeliverSchema, QUEUES } from '@tenaz/contracts';
import { APP_LOGGER } from '@tenaz/service-kit';
import type { ProcessResult } from '@tenaz/messaging';
import type { Logger } from 'pino';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import { CHANNEL_PROVIDERS, ChannelProviders } from '../channels/channel-providers';
import type { OutgoingNotification, SendResult } from '../channels/channel.interface';
import { renderContent } from '../channels/render-content';
import { ProviderUnavailableError } from '../errors';
import { AttemptResult, NotificationRepository, NotificationToDeliver } from '../notification.repository';
import type { NotificationStatus } from '../notification-status';
import { DeliverNotificationCommand } from './deliver-notification.command';

/** Retries after the first attempt on queue `notifications` (the seed's policy: 5). */
const MAX_RETRIES = QUEUES.notifications.retry.maxRetries;
/** Recording a send that the provider accepted is retried this many times before giving up to a redelivery. */
const RECORD_SENT_TRIES = 3;

/**
 * Delivers one notification (`notification.deliver`), at most once per notification wherever the
 * service can know:
 *
 * 1. Runs inside the library's inbox transaction: a redelivered message that was acknowledged is
 *    skipped, and two deliveries of one message are serialised on the inbox record.
 * 2. A notification already `sent` is acknowledged without sending (the send was recorded but the
 *    process died before the ack).
 * 3. The attempt's start and its outcome are each committed on their own, right away, not in the
 *    inbox transaction: a send the provider accepted is recorded within milliseconds, so a crash
 *    after that point never sends twice. What remains is a crash between the provider accepting
 *    and that commit: the next attempt finds the attempt still `sending`, marks it `interrupted`
 *    and sends again with the same idempotency key (the notification id), so a provider that
 *    deduplicates by key sends once; one that does not may send twice.
 */
@Injectable()
export class DeliverNotificationUsecase {
  constructor(
    private readonly notifications: NotificationRepository,
    @Inject(CHANNEL_PROVIDERS) private readonly providers: ChannelProviders,
    private readonly metrics: NotificationsMetrics,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: DeliverNotificationCommand): Promise<ProcessResult> {
    const { message, transaction: manager, signal } = command;
    const parsed = notificationDeliverSchema.safeParse(message.payload);
    if (!parsed.success) {
      return {
        deadLetter: `invalid notification.deliver payload: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      };
    }
    const notification = await this.notifications.findById(manager, parsed.data.notificationId);
    if (!notification || notification.tenantId !== parsed.data.tenantId) {
      return { deadLetter: `notification ${parsed.data.notificationId} of tenant ${parsed.data.tenantId} does not exist` };
    }
    if (notification.status === 'sent') {
      this.metrics.delivered(notification.channel, 'skipped');
      return 'ack';
    }

    const provider = this.providers.for(notification.channel);
    const attempt = await this.notifications.beginAttempt(notification.id, provider.name);
    if (attempt.interrupted > 0) {
      this.logger.warn(
        { notificationId: notification.id, channel: notification.channel, attempt: attempt.number },
        'an earlier attempt was interrupted before its outcome was recorded; sending again with the same idempotency key',
      );
    }
    const started = process.hrtime.bigint();
    const result = await provider.send(toOutgoing(notification), signal).catch((error: unknown): SendResult => {
      // Providers classify answers themselves; a throw is a bug on our side, retried and recorded as such.
      return { kind: 'retry', error: `${provider.name} provider failed: ${error instanceof Error ? error.message : String(error)}` };
    });
    this.metrics.providerDuration.observe(
      { channel: notification.channel, provider: provider.name },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    return this.settle(notification, attempt.number, provider.name, result, message.attempt);
  }

  private async settle(
    notification: NotificationToDeliver,
    number: number,
    provider: string,
    result: SendResult,
    messageAttempt: number,
  ): Promise<ProcessResult> {
    const record = async (outcome: AttemptResult, status: NotificationStatus): Promise<void> => {
      if (!(await this.notifications.finishAttempt(notification.id, number, outcome, status, provider))) {
        // This process was frozen or cut off past its lease and another delivery took over: its outcome rules.
        this.logger.warn(
          { notificationId: notification.id, attempt: number },
          'the attempt was taken over by another delivery; its late outcome is not recorded',
        );
      }
    };
    switch (result.kind) {
      case 'sent':
        await withRetries(() => record({ outcome: 'sent', providerMessageId: result.providerMessageId }, 'sent'));
        this.metrics.delivered(notification.channel, 'sent', notification.createdAt);
        return 'ack';
      case 'reject':
        await record({ outcome: 'dead', error: result.error }, 'dead');
        this.metrics.delivered(notification.channel, 'dead');
        this.logger.warn(
          { notificationId: notification.id, channel: notification.channel, error: result.error },
          'provider rejected the notification; dead-lettered',
        );
        return { deadLetter: `provider rejected it: ${result.error}` };
      case 'retry': {
        // The queue dead-letters after attempt 1 + MAX_RETRIES; the notification says so at once.
        const last = messageAttempt > MAX_RETRIES;
        await record(
          { outcome: last ? 'dead' : 'failed', error: result.error, retryInMs: result.retryAfterMs ?? null },
          last ? 'dead' : 'failed',
        );
        this.metrics.delivered(notification.channel, last ? 'dead' : 'failed');
        if (result.retryAfterMs !== undefined) {
          return { retryInMs: result.retryAfterMs };
        }
        throw new ProviderUnavailableError(notification.channel, result.error);
      }
      default: {
        const unreachable: never = result;
        throw new Error(`unknown send result ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

function toOutgoing(notification: NotificationToDeliver): OutgoingNotification {
  return {
    id: notification.id,
    tenantId: notification.tenantId,
    channel: notification.channel,
    recipient: notification.recipient,
    subject: renderContent(notification.subject, notification.data),
    body: renderContent(notification.body, notification.data),
    templateId: notification.templateId,
    data: notification.data,
    correlationId: notification.correlationId,
    countryCode: notification.countryCode,
  };
}

/** Runs `work` up to RECORD_SENT_TRIES times, 200 ms then 400 ms apart (a database blip must not turn a sent notification into a resend). */
async function withRetries(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= RECORD_SENT_TRIES) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
    }
  }
}
