import { Inject, Injectable } from '@nestjs/common';
import { notificationRequestedSchema } from '@tenaz/contracts';
import { deterministicMessageId, HandlerContext, Message, ProcessResult } from '@tenaz/messaging';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import { contentProblem, recipientProblem } from '../notification-rules';
import { QueueNotificationsUsecase } from '../queue-notifications/queue-notifications.usecase';
import { APP_LOGGER } from '@tenaz/service-kit';

/** The id of the notification stored for a `notification.requested` message: one per message id. */
export function requestedNotificationId(messageId: string): string {
  return deterministicMessageId(`notification.requested:${messageId}`);
}

/**
 * Stores a notification that another service (tracking) asked for with a `notification.requested`
 * message, and queues its delivery exactly as `POST /notifications` does. Runs in the inbox
 * transaction, so the inbox record, the notification and its `notification.deliver` commit
 * together; the notification id is derived from the message id, so even a redelivery after the
 * inbox record expired stores nothing new. A payload that breaks the contract or the channel's
 * rules is dead-lettered with every problem named (retrying cannot fix it).
 */
@Injectable()
export class AcceptRequestedNotificationUsecase {
  constructor(
    private readonly queue: QueueNotificationsUsecase,
    private readonly metrics: NotificationsMetrics,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(message: Message, context: HandlerContext<EntityManager>): Promise<ProcessResult> {
    const parsed = notificationRequestedSchema.safeParse(message.payload);
    if (!parsed.success) {
      return { deadLetter: `invalid notification.requested: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(payload)'}: ${issue.message}`).join('; ')}` };
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
    const { created } = await this.queue.execute(context.transaction as EntityManager, request.tenantId, [
      {
        id,
        origin: 'queue',
        source: request.source,
        request: { ...request, correlationId: request.correlationId ?? message.correlationId, countryCode: request.countryCode ?? message.countryCode },
      },
    ]);
    if (created.has(id)) {
      this.metrics.accepted.inc({ channel: request.channel, origin: 'queue' });
      this.logger.info({ notificationId: id, channel: request.channel, tenantId: request.tenantId, from: request.source?.service }, 'notification requested by message accepted');
    }
    return 'ack';
  }
}

function prefixed(path: string, problem: string | undefined): string[] {
  return problem === undefined ? [] : [`${path}: ${problem}`];
}
