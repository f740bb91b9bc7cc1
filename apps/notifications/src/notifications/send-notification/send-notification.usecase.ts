import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotificationsMetrics } from '../../metrics/notifications.metrics';
import { IdempotencyKeyRepository } from '../idempotency/idempotency-key.repository';
import { inIdempotentTransaction, StoredResponse } from '../idempotency/idempotent-transaction';
import { NotificationQueueingService } from '../queueing/notification-queueing.service';
import { SendNotificationCommand } from './send-notification.command';

/** The 202 body of `POST /notifications`. */
export interface AcceptedNotification {
  id: string;
  status: 'queued';
}

/** Accepts one notification: stored and queued in one transaction, idempotent per tenant and key. */
@Injectable()
export class SendNotificationUsecase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: IdempotencyKeyRepository,
    private readonly queueing: NotificationQueueingService,
    private readonly metrics: NotificationsMetrics,
  ) {}

  async execute(command: SendNotificationCommand): Promise<StoredResponse<AcceptedNotification> & { replayed: boolean }> {
    const { tenantId, notification, idempotency } = command;
    const answer = await inIdempotentTransaction(this.dataSource, this.keys, tenantId, idempotency, async (manager) => {
      const { ids } = await this.queueing.storeAndQueue(manager, tenantId, [{ request: notification, origin: 'api' }]);
      return { statusCode: 202, body: { id: ids[0], status: 'queued' as const } };
    });
    if (!answer.replayed) {
      this.metrics.accepted.inc({ channel: notification.channel, origin: 'api' });
    }
    return answer;
  }
}
