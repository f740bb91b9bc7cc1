import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TRACKING_CONFIG, TrackingConfig } from '../config/tracking.config';
import { MilestoneNotificationEntity } from '../shipments/milestone-notification.entity';
import { ShipmentEntity } from '../shipments/shipment.entity';
import { TrackingEventEntity } from '../shipments/tracking-event.entity';
import { MIGRATIONS_LOCK, TRACKING_SCHEMA } from './database.constants';
import { migrationsGlob } from './migrations-location';
import { SQL } from './sql-statements';

/** Every entity of the service. */
export const ENTITIES = [ShipmentEntity, TrackingEventEntity, MilestoneNotificationEntity];

/**
 * The TypeORM DataSource (schema `tracking`) and its migrations, run at start under an
 * advisory lock so replicas starting together migrate once. Never `synchronize`.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [TRACKING_CONFIG],
      useFactory: (config: TrackingConfig) => ({
        type: 'postgres' as const,
        url: config.databaseUrl,
        schema: TRACKING_SCHEMA,
        entities: ENTITIES,
        migrations: [migrationsGlob()],
        migrationsTableName: 'migrations',
        migrationsRun: false,
        synchronize: false,
        // Each projection handler holds one connection for its inbox transaction (8 by default); the
        // other 12 of the default 20 serve the API, whose requests each hold one for a transaction.
        extra: { max: config.databasePoolSize, application_name: 'tenaz:tracking' },
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
