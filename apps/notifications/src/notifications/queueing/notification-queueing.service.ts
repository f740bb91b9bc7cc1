import { Injectable } from '@nestjs/common';
import { NOTIFICATION_DELIVER, NOTIFICATIONS_QUEUE, NotificationDeliver, PRIORITY_BY_CHANNEL } from '@tenaz/contracts';
import { deterministicMessageId, PublishManyEntry, Publisher } from '@tenaz/messaging';
import { randomUUID } from 'node:crypto';
import type { SqlRunner } from '@tenaz/service-kit';
import type { NotificationOrigin } from '../notification-status';
import type { NotificationSource } from '../notification.entity';
import { KeyToClaim, NewNotification, NotificationRepository } from '../notification.repository';

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
 * so both commit or neither: one statement for the notifications (and the request's idempotency
 * key), one for the messages. Priority comes from the channel (email 0, sms 1, push 1, whatsapp
 * 2). Ids already stored are skipped, with no second message; so are the notifications of a
 * request whose key was not claimed.
 */
@Injectable()
export class NotificationQueueingService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly publisher: Publisher,
  ) {}

  /** The rows of `notifications` for `tenantId`, ids chosen now unless given, tagged with the request's idempotency key. */
  rows(tenantId: string, notifications: NotificationToQueue[], idempotencyKey: string | null = null): NewNotification[] {
    return notifications.map(({ id, request, origin, source }) => ({
      id: id ?? randomUUID(),
      tenantId,
      idempotencyKey,
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
  }

  /**
   * Stores `rows` (of any tenants) after claiming `keys`, and queues a message for each one
   * stored, in the caller's transaction (`runner`: a TypeORM EntityManager or a pg client inside
   * BEGIN). Returns the ids stored and the keys claimed (`keyOf`).
   */
  async storeAndQueue(
    runner: SqlRunner,
    rows: NewNotification[],
    keys: KeyToClaim[] = [],
  ): Promise<{ stored: Set<string>; claimed: Set<string> }> {
    const { stored, claimed } = await this.notifications.accept(runner, keys, rows);
    const messages = rows.filter((row) => stored.has(row.id)).map((row) => deliverMessage(row));
    if (messages.length > 0) {
      // One write for every message of the transaction (requests combined, a batch), in it.
      await this.publisher.publishManyTransactional(messages, runner);
    }
    return { stored, claimed };
  }
}

function deliverMessage(row: NewNotification): PublishManyEntry {
  const tenantId = row.tenantId;
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
