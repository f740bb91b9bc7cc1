import type { MessagingLogger } from '../core/logger';
import type { ResolvedOptions, TransportName } from '../core/messaging-options';
import { InvalidConfigurationError } from '../core/errors';
import type { Database } from '../transports/postgres/database';
import { PostgresTransport } from '../transports/postgres/postgres.transport';
import { RabbitMqTransport } from '../transports/rabbitmq/rabbitmq.transport';
import type { Statements } from '../transports/postgres/sql-statements';
import type { Transport } from './transport.interface';

/** What any transport may be built from. */
export interface TransportContext {
  options: ResolvedOptions;
  database: Database;
  statements: Statements;
  channel: string;
  applicationName: string;
  logger: MessagingLogger;
}

/** Builds a transport by name. Every name must have a case: there is no fallback transport. */
export function createTransport(name: TransportName, context: TransportContext): Transport {
  switch (name) {
    case 'postgres':
      return new PostgresTransport({
        database: context.database,
        statements: context.statements,
        connectionString: context.options.postgres?.connectionString as string,
        channel: context.channel,
        applicationName: context.applicationName,
        instanceId: context.options.instanceId,
        logger: context.logger,
      });
    case 'rabbitmq': {
      const { options } = context;
      if (!options.rabbitmq || !options.postgres) {
        // resolveOptions reports this first; kept so the compiler knows both are there.
        throw new InvalidConfigurationError(['rabbitmq: queues run on rabbitmq, but no rabbitmq (or postgres) connection is configured']);
      }
      return new RabbitMqTransport({
        rabbitmq: options.rabbitmq,
        database: context.database,
        statements: context.statements,
        schema: options.postgres.schema,
        connectionString: options.postgres.connectionString,
        channel: context.channel,
        applicationName: context.applicationName,
        instanceId: options.instanceId,
        healthWindowMs: options.healthWindowMs,
        logger: context.logger,
      });
    }
    default: {
      const unreachable: never = name;
      throw new InvalidConfigurationError([`unknown transport ${String(unreachable)}`]);
    }
  }
}
