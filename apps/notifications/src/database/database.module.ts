import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../config/notifications.config';
import { IdempotencyKeyEntity } from '../notifications/idempotency-key.entity';
import { NotificationAttemptEntity } from '../notifications/notification-attempt.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { MIGRATIONS_LOCK, NOTIFICATIONS_SCHEMA } from './database.constants';
import { migrationsGlob } from './migrations-location';
import { SQL } from './sql-statements';

/** Every entity of the service. */
export const ENTITIES = [NotificationEntity, NotificationAttemptEntity, IdempotencyKeyEntity];

/**
 * The TypeORM DataSource (schema `notifications`) and its migrations, run at start under an
 * advisory lock so replicas starting together migrate once. Never `synchronize`.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [NOTIFICATIONS_CONFIG],
      useFactory: (config: NotificationsConfig) => ({
        type: 'postgres' as const,
        url: config.databaseUrl,
        schema: NOTIFICATIONS_SCHEMA,
        entities: ENTITIES,
        migrations: [migrationsGlob()],
        migrationsTableName: 'migrations',
        migrationsRun: false,
        synchronize: false,
        // Each delivery holds one connection for its inbox transaction and briefly takes a second to
        // record the attempt, so the pool must exceed the delivery concurrency (8 by default, pool 20).
        extra: { max: config.databasePoolSize, application_name: 'tenaz:notifications' },
        // Fail fast at start: an orchestrator restarts the process, which beats 9 silent retries.
        retryAttempts: 2,
        retryDelay: 1_000,
      }),
    }),
  ],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(DatabaseModule.name);

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(SQL.lockMigrations, [MIGRATIONS_LOCK]);
      await lock.query(SQL.createSchema);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      this.logger.log({ applied: applied.map((migration) => migration.name) }, 'migrations up to date');
    } finally {
      await lock.query(SQL.unlockMigrations, [MIGRATIONS_LOCK]).catch(() => undefined);
      await lock.release();
    }
  }
}
