import { Injectable } from '@nestjs/common';
import { queryRows } from '@tenaz/service-kit';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationEntity } from './notification.entity';
import { SQL } from '../database/sql-statements';
import type { AttemptOutcome, NotificationStatus } from './notification-status';

const INTERRUPTED_ERROR = 'the service stopped during this attempt; the provider may or may not have sent it';

/** The columns a new notification is written with; the rest take their defaults. */
export type NewNotification = Pick<
  NotificationEntity,
  'id' | 'tenantId' | 'channel' | 'recipient' | 'subject' | 'body' | 'templateId' | 'data' | 'correlationId' | 'countryCode' | 'priority' | 'origin' | 'source'
>;

/** How an attempt ended, as the delivery use case reports it. */
export interface AttemptResult {
  outcome: Exclude<AttemptOutcome, 'sending' | 'interrupted'>;
  providerMessageId?: string | null;
  error?: string | null;
  retryInMs?: number | null;
}

/**
 * Notifications and their attempts. Writes that belong to a caller's transaction take its
 * EntityManager; attempt bookkeeping commits on its own (see `DeliverNotificationUsecase`).
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts notifications in the caller's transaction. Returns the ids that were new (`ON CONFLICT DO NOTHING`). */
  async insert(manager: EntityManager, notifications: NewNotification[]): Promise<Set<string>> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(NotificationEntity)
      // `as never`: TypeORM's deep-partial type cannot describe the jsonb columns (`data`, `source`).
      .values(notifications.map((notification) => ({ ...notification, status: 'queued' as const })) as never)
      .orIgnore()
      .returning(['id'])
      .execute();
    return new Set((result.raw as { id: string }[]).map((row) => row.id));
  }

  /** A tenant's notification with its attempts in order, or null (another tenant's id is not found). */
  findForTenant(id: string, tenantId: string): Promise<NotificationEntity | null> {
    return this.dataSource.getRepository(NotificationEntity).findOne({
      where: { id, tenantId },
      relations: { attempts: true },
      order: { attempts: { number: 'ASC' } },
    });
  }

  /** A notification by id, read through the caller's transaction. */
  findById(manager: EntityManager, id: string): Promise<NotificationEntity | null> {
    return manager.getRepository(NotificationEntity).findOneBy({ id });
  }

  /**
   * Commits, on its own, the start of an attempt: attempts left `sending` by a process that died
   * become `interrupted`, a new attempt is numbered after the last, and the notification turns
   * `sending`. One statement, so one round trip and atomic. Returns the new attempt's number and how
   * many attempts were interrupted.
   */
  async beginAttempt(notificationId: string, provider: string): Promise<{ number: number; interrupted: number }> {
    const [row] = await queryRows<{ number: number; interrupted: number }>(this.dataSource, SQL['begin-attempt'], [notificationId, provider, INTERRUPTED_ERROR]);
    return row;
  }

  /**
   * Commits, on its own and in one statement, how an attempt ended and the notification's resulting
   * status. Returns false, writing nothing, when the attempt is no longer open: another delivery
   * took the message over and marked it interrupted (see finish-attempt.sql).
   */
  async finishAttempt(notificationId: string, number: number, result: AttemptResult, status: NotificationStatus, provider: string): Promise<boolean> {
    const rows = await queryRows(this.dataSource, SQL['finish-attempt'], [
      notificationId,
      number,
      result.outcome,
      result.providerMessageId ?? null,
      result.error ?? null,
      result.retryInMs ?? null,
      status,
      provider,
    ]);
    return rows.length > 0;
  }

  /**
   * Commits, on its own, that the queue gave up on a notification: `dead` with `reason`, unless it
   * is already sent or dead. Returns its channel when it changed, else null.
   */
  async markDeadLettered(notificationId: string, reason: string): Promise<string | null> {
    const rows = await queryRows<{ channel: string }>(this.dataSource, SQL['mark-dead-lettered'], [notificationId, reason, INTERRUPTED_ERROR]);
    return rows[0]?.channel ?? null;
  }
}
