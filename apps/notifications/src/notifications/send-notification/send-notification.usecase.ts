import { Injectable } from '@nestjs/common';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import type { StoredResponse } from '../idempotency/idempotency-request';
import { NotificationIntake } from '../intake/notification-intake.service';
import { SendNotificationCommand } from './send-notification.command';

/** The 202 body of `POST /notifications`. */
export interface AcceptedNotification {
  id: string;
  status: 'queued';
}

/** Accepts one notification: stored and queued in one transaction (shared with concurrent requests), idempotent per tenant and key. */
@Injectable()
export class SendNotificationUsecase {
  constructor(
    private readonly intake: NotificationIntake,
    private readonly metrics: NotificationsMetrics,
  ) {}

  async execute(command: SendNotificationCommand): Promise<StoredResponse<AcceptedNotification> & { replayed: boolean }> {
    const { tenantId, notification, idempotency } = command;
    const answer = await this.intake.accept(tenantId, [{ request: notification, origin: 'api' }], idempotency, ([id]) => ({
      statusCode: 202,
      body: { id, status: 'queued' as const },
    }));
    if (!answer.replayed) {
      this.metrics.accepted.inc({ channel: notification.channel, origin: 'api' });
    }
    return answer;
  }
}
