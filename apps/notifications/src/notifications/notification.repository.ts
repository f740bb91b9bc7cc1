import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationAttemptEntity } from './notification-attempt.entity';
import { NotificationEntity } from './notification.entity';
import type { AttemptOutcome, NotificationStatus } from './notification-status';

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
   * `sending`. Returns the new attempt's number and how many attempts were interrupted.
   */
  beginAttempt(notificationId: string, provider: string): Promise<{ number: number; interrupted: number }> {
    return this.dataSource.transaction(async (manager) => {
      const attempts = manager.getRepository(NotificationAttemptEntity);
      const interrupted = await attempts.update(
        { notificationId, outcome: 'sending' },
        { outcome: 'interrupted', finishedAt: () => 'now()', error: 'the service stopped during this attempt; the provider may or may not have sent it' },
      );
      const last = await attempts.maximum('number', { notificationId });
      const number = (last ?? 0) + 1;
      await attempts.insert({ notificationId, number, outcome: 'sending', provider, startedAt: () => 'now()' });
      await this.setStatus(manager, notificationId, 'sending', {});
      return { number, interrupted: interrupted.affected ?? 0 };
    });
  }

  /** Commits, on its own, how an attempt ended and the notification's resulting status. */
  finishAttempt(notificationId: string, number: number, result: AttemptResult, status: NotificationStatus, provider: string): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(NotificationAttemptEntity).update(
        { notificationId, number },
        {
          outcome: result.outcome,
          providerMessageId: result.providerMessageId ?? null,
          error: result.error ?? null,
          retryInMs: result.retryInMs ?? null,
          finishedAt: () => 'now()',
        },
      );
      await this.setStatus(manager, notificationId, status, {
        provider,
        lastError: result.error ?? null,
        ...(result.outcome === 'sent' ? { providerMessageId: result.providerMessageId ?? null, sentAt: () => 'now()' } : {}),
      });
    });
  }

  private async setStatus(manager: EntityManager, id: string, status: NotificationStatus, fields: Record<string, unknown>): Promise<void> {
    await manager.getRepository(NotificationEntity).update({ id }, { status, ...fields });
  }
}
