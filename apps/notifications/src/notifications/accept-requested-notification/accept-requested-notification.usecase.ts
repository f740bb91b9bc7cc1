import { Inject, Injectable } from '@nestjs/common';
import { notificationRequestedSchema, requestedNotificationId } from '@tenaz/contracts';
import type { ProcessResult } from '@tenaz/messaging';
import { APP_LOGGER } from '@tenaz/service-kit';
import type { Logger } from 'pino';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import { contentProblem, recipientProblem } from '../notification-rules';
import { NotificationQueueingService } from '../queueing/notification-queueing.service';
import { AcceptRequestedNotificationCommand } from './accept-requested-notification.command';

/**
 * Payload fields that messages published before the correlation id and country moved to the
 * envelope still carry; ignored (the envelope holds the same values).
 */
const LEGACY_ENVELOPE_FIELDS = ['correlationId', 'countryCode'] as const;

/**
 * Stores a notification that another service (tracking) asked for with a `notification.requested`
 * message, and queues its delivery exactly as `POST /notifications` does. Runs in the inbox
 * transaction, so the inbox record, the notification and its `notification.deliver` commit
 * together; the notification id is derived from the message id, so even a redelivery after the
 * inbox record expired stores nothing new. The correlation id and country are the envelope's. A
 * payload that breaks the contract or the channel's rules is dead-lettered with every problem
 * named (retrying cannot fix it).
 */
@Injectable()
export class AcceptRequestedNotificationUsecase {
  constructor(
    private readonly queueing: NotificationQueueingService,
    private readonly metrics: NotificationsMetrics,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: AcceptRequestedNotificationCommand): Promise<ProcessResult> {
    const { message, transaction } = command;
    const parsed = notificationRequestedSchema.safeParse(withoutLegacyFields(message.payload));
    if (!parsed.success) {
      return {
        deadLetter: `invalid notification.requested: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ')}`,
      };
    }
    const request = parsed.data;
    const problems = [
      ...prefixed('recipient', recipientProblem(request.channel, request.recipient)),
      ...prefixed('body', contentProblem(request.channel, request)),
    ];
    if (problems.length > 0) {
      return { deadLetter: `invalid notification.requested: ${problems.join('; ')}` };
    }
    const id = requestedNotificationId(message.id);
    const rows = this.queueing.rows(request.tenantId, [
      {
        id,
        origin: 'queue',
        source: request.source,
        request: { ...request, correlationId: message.correlationId, countryCode: message.countryCode },
      },
    ]);
    const { stored } = await this.queueing.storeAndQueue(transaction, rows);
    if (stored.has(id)) {
      this.metrics.accepted.inc({ channel: request.channel, origin: 'queue' });
      this.logger.info(
        { notificationId: id, channel: request.channel, tenantId: request.tenantId, from: request.source?.service },
        'notification requested by message accepted',
      );
    }
    return 'ack';
  }
}

function withoutLegacyFields(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return payload;
  }
  const copy = { ...(payload as Record<string, unknown>) };
  LEGACY_ENVELOPE_FIELDS.forEach((field) => delete copy[field]);
  return copy;
}

function prefixed(path: string, problem: string | undefined): string[] {
  return problem === undefined ? [] : [`${path}: ${problem}`];
}
