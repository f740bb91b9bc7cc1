import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_LOGGER, queryRows } from '@tenaz/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../../config/notifications.config';
import { SQL } from '../../database/sql-statements';

/** Keys deleted per transaction: short transactions, no long locks, vacuum keeps up (as the library's retention cleaner). */
export const IDEMPOTENCY_CLEANUP_BATCH_SIZE = 1_000;
/** How often a process tries to clean: a key lives at most this long past its retention. */
const CLEANUP_INTERVAL_MS = 60_000;

/**
 * Deletes idempotency keys older than `IDEMPOTENCY_KEY_RETENTION_MS` (24 h by default), in
 * batches of 1,000, each its own transaction, every minute. Only one process cleans at a time (a
 * transaction-level advisory lock that the others skip), so replicas do not queue behind each
 * other. Runs in every process, API-only ones included (they are the ones writing keys).
 */
@Injectable()
export class IdempotencyKeyCleaner implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .catch((error: unknown) => this.logger.warn({ err: (error as Error).message }, 'idempotency key cleanup failed; will retry'))
        .finally(() => (this.running = undefined));
    }, CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /**
   * One pass: deletes expired keys a batch at a time until a batch comes back short. Returns how
   * many it deleted and in how many batches; `{ deleted: 0, batches: 0 }` when another process
   * holds the cleanup lock.
   */
  async runOnce(): Promise<{ deleted: number; batches: number }> {
    let deleted = 0;
    let batches = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const [lock] = await queryRows<{ locked: boolean }>(manager, SQL['try-idempotency-cleanup-lock'], []);
        if (!lock.locked) {
          return -1;
        }
        const rows = await queryRows(manager, SQL['delete-expired-idempotency-keys'], [
          this.config.idempotencyKeyRetentionMs,
          IDEMPOTENCY_CLEANUP_BATCH_SIZE,
        ]);
        return rows.length;
      });
      if (count < 0) {
        return { deleted, batches };
      }
      deleted += count;
      batches += 1;
      if (count < IDEMPOTENCY_CLEANUP_BATCH_SIZE) {
        if (deleted > 0) {
          this.logger.debug({ deleted, batches }, 'expired idempotency keys deleted');
        }
        return { deleted, batches };
      }
    }
  }
}
