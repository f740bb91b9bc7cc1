import { Injectable } from '@nestjs/common';
import { NOTIFICATION_DELIVER, NotificationDeliver, PRIORITY_BY_CHANNEL } from '@tenaz/contracts';
import { deterministicMessageId, Publisher } from '@tenaz/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { NotificationOrigin } from '../notification-status';
import type { NotificationSource } from '../notification.entity';
import { NewNotification, NotificationRepository } from '../notification.repository';

/** What every path into the service (REST, batch, queue) knows about a notification to send. */
export interface NotificationRequest {
  channel: NewNotification['channel'];
  recipient: string;
  subject?: string | null;
  body?: string | null;
  templateId?: string | null;
  data?: Record<string, unknown> | null;
  correlationId?: string | null;
  countryCode?: string | null;
}

/** The message id of a notification's `notification.deliver`: one per notification, so a re-publish is stored once. */
export function deliverMessageId(notificationId: string): string {
  return deterministicMessageId(`notification.deliver:${notificationId}`);
}

/**
 * Stores notifications and their `notification.deliver` messages in the caller's transaction
 * (outbox): both commit or neither. Priority comes from the channel (email 0, sms 1, push 1,
 * whatsapp 2). Ids already stored are skipped, with no second message.
 */
@Injectable()
export class QueueNotificationsUsecase {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly publisher: Publisher,
  ) {}

  async execute(
    manager: EntityManager,
    tenantId: string,
    requests: { id?: string; request: NotificationRequest; origin: NotificationOrigin; source?: NotificationSource }[],
  ): Promise<{ ids: string[]; created: Set<string> }> {
    const rows: NewNotification[] = requests.map(({ id, request, origin, source }) => ({
      id: id ?? randomUUID(),
      tenantId,
      channel: request.channel,
      recipient: request.recipient,
      subject: request.subject ?? null,
      body: request.body ?? null,
      templateId: request.templateId ?? null,
      data: request.data ?? null,
      correlationId: request.correlationId ?? null,
      countryCode: request.countryCode ?? null,
      priority: PRIORITY_BY_CHANNEL[request.channel],
      origin,
      source: source ?? null,
    }));
    const created = await this.notifications.insert(manager, rows);
    // One round trip per message: publishTransactional takes one message; batches are bounded (100).
    for (const row of rows.filter((candidate) => created.has(candidate.id))) {
      const payload: NotificationDeliver = { notificationId: row.id, tenantId };
      await this.publisher.publishTransactional({ queue: 'notifications', type: NOTIFICATION_DELIVER, payload }, manager, {
        priority: row.priority,
        tenantId,
        messageId: deliverMessageId(row.id),
        ...(row.correlationId ? { correlationId: row.correlationId } : {}),
        ...(row.countryCode ? { countryCode: row.countryCode } : {}),
      });
    }
    return { ids: rows.map((row) => row.id), created };
  }
}
