import { Injectable } from '@nestjs/common';
import { isDataError, WriteCombiner } from '@tenaz/messaging';
import { queryRows, SqlRunner, SqlTransactions } from '@tenaz/service-kit';
import { DataSource } from 'typeorm';
import { NotificationEntity } from './notification.entity';
import { SQL } from '../database/sql-statements';
import type { AttemptOutcome, NotificationStatus } from './notification-status';

const INTERRUPTED_ERROR = 'the service stopped during this attempt; the provider may or may not have sent it';

/** The columns a new notification is written with; the rest take their defaults. */
type NotificationColumns = Pick<
  NotificationEntity,
  | 'id'
  | 'tenantId'
  | 'channel'
  | 'recipient'
  | 'subject'
  | 'body'
  | 'templateId'
  | 'data'
  | 'correlationId'
  | 'countryCode'
  | 'priority'
  | 'origin'
  | 'source'
>;

/** A notification as stored, with the idempotency key of the request it came in (or none). */
export type NewNotification = NotificationColumns & { idempotencyKey: string | null };

/** An idempotency key to claim with the answer its request gets. */
export interface KeyToClaim {
  tenantId: string;
  key: string;
  requestHash: string;
  response: { statusCode: number; body: unknown };
}

/** How claimed keys are told apart in `accept`'s answer. */
export function keyOf(tenantId: string, key: string): string {
  return `${tenantId}\n${key}`;
}

/** What a delivery reads of its notification. */
export type NotificationToDeliver = Pick<
  NotificationEntity,
  | 'id'
  | 'tenantId'
  | 'channel'
  | 'recipient'
  | 'subject'
  | 'body'
  | 'templateId'
  | 'data'
  | 'correlationId'
  | 'countryCode'
  | 'status'
  | 'createdAt'
>;

/** An attempt to start. */
interface AttemptStart {
  notificationId: string;
  provider: string;
}

/** An attempt that ended, and the notification's status after it. */
interface AttemptEnd {
  notificationId: string;
  number: number;
  result: AttemptResult;
  status: NotificationStatus;
  provider: string;
}

/**
 * Attempt records combine like the library's acknowledgements: two statements in flight at once,
 * each carrying every attempt that began (or ended) while the other ran, so 16 concurrent
 * deliveries pay a couple of commits instead of 32. Each still commits before the provider is
 * called (a start) or right after it answered (an end). A statement that fails for one attempt's
 * data runs again for each attempt alone.
 */
const ATTEMPT_WRITES = { maxInFlight: 2, maxBatch: 256, isolateFailures: isDataError };

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
  private readonly beginnings: WriteCombiner<AttemptStart, { number: number; interrupted: number }>;
  private readonly endings: WriteCombiner<AttemptEnd, boolean>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: SqlTransactions,
  ) {
    this.beginnings = new WriteCombiner((starts) => this.begin(starts), ATTEMPT_WRITES);
    this.endings = new WriteCombiner((ends) => this.finish(ends), ATTEMPT_WRITES);
  }

  /**
   * Stores notifications and claims idempotency keys in one statement, in the caller's
   * transaction (a TypeORM EntityManager, or a pg client inside BEGIN): a notification whose
   * request carries a key is stored only if the key was claimed (accept-notifications.sql).
   * Returns the ids stored (an id already stored is skipped) and the keys claimed.
   */
  async accept(
    runner: SqlRunner,
    keys: KeyToClaim[],
    notifications: NewNotification[],
  ): Promise<{ stored: Set<string>; claimed: Set<string> }> {
    const rows = await queryRows<{ id: string | null; tenant_id: string | null; key: string | null }>(runner, SQL['accept-notifications'], [
      JSON.stringify(keys.map((key) => ({ tenant_id: key.tenantId, key: key.key, request_hash: key.requestHash, response: key.response }))),
      JSON.stringify(notifications.map(toRow)),
    ]);
    const stored = new Set<string>();
    const claimed = new Set<string>();
    for (const row of rows) {
      if (row.id !== null) {
        stored.add(row.id);
      } else {
        claimed.add(keyOf(row.tenant_id as string, row.key as string));
      }
    }
    return { stored, claimed };
  }

  /** A tenant's notification with its attempts in order, or null (another tenant's id is not found). */
  findForTenant(id: string, tenantId: string): Promise<NotificationEntity | null> {
    return this.dataSource.getRepository(NotificationEntity).findOne({
      where: { id, tenantId },
      relations: { attempts: true },
      order: { attempts: { number: 'ASC' } },
    });
  }

  /** A notification by id, read through the caller's transaction (raw SQL: this runs once per delivery). */
  async findById(manager: SqlRunner, id: string): Promise<NotificationToDeliver | null> {
    const [row] = await queryRows<Record<string, unknown>>(manager, SQL['find-notification'], [id]);
    return row ? toEntity(row) : null;
  }

  /**
   * Commits, on its own, the start of an attempt: attempts left `sending` by a process that died
   * become `interrupted`, a new attempt is numbered after the last, and the notification turns
   * `sending`. Attempts that begin together share one statement and one commit
   * (begin-attempts.sql). Returns the new attempt's number and how many attempts were interrupted.
   */
  beginAttempt(notificationId: string, provider: string): Promise<{ number: number; interrupted: number }> {
    return this.beginnings.submit({ notificationId, provider });
  }

  /**
   * Commits, on its own, how an attempt ended and the notification's resulting status; attempts
   * that end together share one statement and one commit (finish-attempts.sql). Returns false,
   * writing nothing, when the attempt is no longer open: another delivery took the message over
   * and marked it interrupted.
   */
  finishAttempt(
    notificationId: string,
    number: number,
    result: AttemptResult,
    status: NotificationStatus,
    provider: string,
  ): Promise<boolean> {
    return this.endings.submit({ notificationId, number, result, status, provider });
  }

  /**
   * Commits, on its own, that the queue gave up on a notification: `dead` with `reason`, unless it
   * is already sent or dead. Returns its channel when it changed, else null.
   */
  async markDeadLettered(notificationId: string, reason: string): Promise<string | null> {
    const rows = await this.sql.query<{ channel: string }>(SQL['mark-dead-lettered'], [notificationId, reason, INTERRUPTED_ERROR]);
    return rows[0]?.channel ?? null;
  }

  private async begin(starts: AttemptStart[]): Promise<{ number: number; interrupted: number }[]> {
    const rows = await this.sql.query<{ id: string; number: number; interrupted: number }>(SQL['begin-attempts'], [
      starts.map((start) => start.notificationId),
      starts.map((start) => start.provider),
      INTERRUPTED_ERROR,
    ]);
    const byId = new Map(rows.map((row) => [row.id, { number: row.number, interrupted: row.interrupted }]));
    return starts.map((start) => {
      const begun = byId.get(start.notificationId);
      if (!begun) {
        throw new Error(`the attempt of notification ${start.notificationId} was not started`);
      }
      return begun;
    });
  }

  private async finish(ends: AttemptEnd[]): Promise<boolean[]> {
    const rows = await this.sql.query<{ id: string }>(SQL['finish-attempts'], [
      JSON.stringify(
        ends.map((end) => ({
          id: end.notificationId,
          number: end.number,
          outcome: end.result.outcome,
          provider_message_id: end.result.providerMessageId ?? null,
          error: end.result.error ?? null,
          retry_in_ms: end.result.retryInMs ?? null,
          status: end.status,
          provider: end.provider,
        })),
      ),
    ]);
    const finished = new Set(rows.map((row) => row.id));
    return ends.map((end) => finished.has(end.notificationId));
  }
}

function toRow(notification: NewNotification): Record<string, unknown> {
  return {
    id: notification.id,
    tenant_id: notification.tenantId,
    key: notification.idempotencyKey,
    channel: notification.channel,
    recipient: notification.recipient,
    subject: notification.subject,
    body: notification.body,
    template_id: notification.templateId,
    data: notification.data,
    correlation_id: notification.correlationId,
    country_code: notification.countryCode,
    priority: notification.priority,
    origin: notification.origin,
    source: notification.source,
  };
}

function toEntity(row: Record<string, unknown>): NotificationToDeliver {
  return {
    id: row['id'],
    tenantId: row['tenant_id'],
    channel: row['channel'],
    recipient: row['recipient'],
    subject: row['subject'],
    body: row['body'],
    templateId: row['template_id'],
    data: row['data'],
    correlationId: row['correlation_id'],
    countryCode: row['country_code'],
    status: row['status'],
    createdAt: row['created_at'],
  } as NotificationToDeliver;
}
