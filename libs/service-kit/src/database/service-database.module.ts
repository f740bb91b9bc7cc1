import { DynamicModule, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client, escapeIdentifier } from 'pg';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../config/service-config.module';
import type { ServiceConfig } from '../config/service-env';
import { CONNECTION_BOUNDS, poolOptions } from './connection-bounds';
import { migrationsGlob } from './migrations-glob';
import { loadSqlStatements } from './sql-statements';
import { SqlTransactions } from './sql-transactions';

const SQL = loadSqlStatements(`${__dirname}/sql`, ['lock-migrations', 'unlock-migrations', 'create-schema']);

/** What differs between the services' databases. */
export interface ServiceDatabaseOptions {
  /** The service's schema (`notifications`, `tracking`); the library's tables live in `tenaz`. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes.
  entities: Function[];
  /** `__dirname` of a file directly under the service's `src/`: where its migrations are found from. */
  sourceDirectory: string;
  /** The server ends a transaction idle this long (see `ConnectionBounds.idleInTransactionMs`). */
  idleInTransactionMs: number;
}

const DATABASE_OPTIONS = 'tenaz:service-database-options';

/**
 * The TypeORM DataSource of a service (its own schema), every connection bounded
 * (`ConnectionBounds`: statements, lock waits, idle transactions, pool waits, keepalive), and its
 * migrations, run at start under an advisory lock so replicas
 * starting together migrate once. Never `synchronize`.
 */
@Module({})
export class ServiceDatabaseModule implements OnModuleInit {
  private readonly logger = new Logger(ServiceDatabaseModule.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_OPTIONS) private readonly options: ServiceDatabaseOptions,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  static forRoot(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: ServiceDatabaseModule,
      // SqlTransactions, like TypeORM's DataSource, is for every module of the service.
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => ({
            type: 'postgres' as const,
            url: config.databaseUrl,
            schema: options.schema,
            entities: options.entities,
            migrations: [migrationsGlob(options.sourceDirectory)],
            migrationsTableName: 'migrations',
            migrationsRun: false,
            synchronize: false,
            extra: poolOptions(
              { ...CONNECTION_BOUNDS, idleInTransactionMs: options.idleInTransactionMs },
              config.databasePoolSize,
              `tenaz:${options.schema}`,
            ),
            // Fail fast at start: an orchestrator restarts the process, which beats 9 silent retries.
            retryAttempts: 2,
            retryDelay: 1_000,
          }),
        }),
      ],
      providers: [{ provide: DATABASE_OPTIONS, useValue: options }, SqlTransactions],
      exports: [SqlTransactions],
    };
  }

  async onModuleInit(): Promise<void> {
    const lockName = `tenaz:${this.options.schema}:migrations`;
    const lock = new Client({ connectionString: this.config.databaseUrl, application_name: `tenaz:${this.options.schema}:migrations` });
    await lock.connect();
    try {
      await lock.query(SQL['lock-migrations'], [lockName]);
      await lock.query(SQL['create-schema'].replaceAll('{schema}', escapeIdentifier(this.options.schema)));
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      this.logger.log({ applied: applied.map((migration) => migration.name) }, 'migrations up to date');
    } finally {
      await lock.query(SQL['unlock-migrations'], [lockName]).catch(() => undefined);
      await lock.end();
    }
  }
}
