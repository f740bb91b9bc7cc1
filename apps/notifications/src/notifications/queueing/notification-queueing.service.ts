import { Injectable } from '@nestjs/common';
import { NOTIFICATION_DELIVER, NOTIFICATIONS_QUEUE, NotificationDeliver, PRIORITY_BY_CHANNEL } from '@tenaz/contracts';
import { deterministicMessageId, PublishManyEntry, Publisher } from '@tenaz/messaging';
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

/** One notification to store: its request, where it came from, and its id when the caller derives it. */
export interface NotificationToQueue {
  id?: string;
  request: NotificationRequest;
  origin: NotificationOrigin;
  source?: NotificationSource;
}

/** The message id of a notification's `notification.deliver`: one per notification, so a re-publish is stored once. */
export function deliverMessageId(notificationId: string): string {
  return deterministicMessageId(`notification.deliver:${notificationId}`);
}

/**
 * The step every way into the service shares (REST, batch, `notification.requested`): stores
 * notifications and their `notification.deliver` messages in the caller's transaction (outbox),
 * so both commit or neither. Priority comes from the channel (email 0, sms 1, push 1, whatsapp 2).
 * Ids already stored are skipped, with no second message.
 */
@Injectable()
export class NotificationQueueingService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly publisher: Publisher,
  ) {}

  /** Returns every notification's id in request order and the ids that were new. */
  async storeAndQueue(manager: EntityManager, tenantId: string, notifications: NotificationToQueue[]): Promise<{ ids: string[]; created: Set<string> }> {
    const rows: NewNotification[] = notifications.map(({ id, request, origin, source }) => ({
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
    const messages = rows.filter((row) => created.has(row.id)).map((row) => deliverMessage(tenantId, row));
    if (messages.length > 0) {
      // One write for the whole batch (up to BATCH_MAX_SIZE messages), in the caller's transaction.
      await this.publisher.publishManyTransactional(messages, manager);
    }
    return { ids: rows.map((row) => row.id), created };
  }
}

function deliverMessage(tenantId: string, row: NewNotification): PublishManyEntry {
  const payload: NotificationDeliver = { notificationId: row.id, tenantId };
  return {
    queue: NOTIFICATIONS_QUEUE,
    type: NOTIFICATION_DELIVER,
    payload,
    options: {
      priority: PRIORITY_BY_CHANNEL[row.channel],
      tenantId,
      messageId: deliverMessageId(row.id),
      ...(row.correlationId ? { correlationId: row.correlationId } : {}),
      ...(row.countryCode ? { countryCode: row.countryCode } : {}),
    },
  };
}
