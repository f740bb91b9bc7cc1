import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import { BatchTooLargeError } from '../errors';
import type { StoredResponse } from '../idempotency/idempotency-request';
import { NotificationIntake } from '../intake/notification-intake.service';
import { SendNotificationBatchCommand } from './send-notification-batch.command';
import type { AcceptedNotification } from './send-notification.usecase';

/** The 202 body of `POST /notifications/batch`: one entry per notification, in the request's order. */
export interface AcceptedBatch {
  notifications: AcceptedNotification[];
}

/** Accepts up to `BATCH_MAX_SIZE` notifications in one transaction (shared with concurrent requests): all stored and queued, or none. */
@Injectable()
export class SendNotificationBatchUsecase {
  constructor(
    private readonly intake: NotificationIntake,
    private readonly metrics: NotificationsMetrics,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  async execute(command: SendNotificationBatchCommand): Promise<StoredResponse<AcceptedBatch> & { replayed: boolean }> {
    const { tenantId, notifications, idempotency } = command;
    if (notifications.length > this.config.batchMaxSize) {
      throw new BatchTooLargeError(notifications.length, this.config.batchMaxSize);
    }
    const answer = await this.intake.accept(
      tenantId,
      notifications.map((request) => ({ request, origin: 'api' as const })),
      idempotency,
      (ids) => ({ statusCode: 202, body: { notifications: ids.map((id) => ({ id, status: 'queued' as const })) } }),
    );
    if (!answer.replayed) {
      notifications.forEach((notification) => this.metrics.accepted.inc({ channel: notification.channel, origin: 'api' }));
    }
    return answer;
  }
}
