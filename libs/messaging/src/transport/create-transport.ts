import type { MessagingLogger } from '../core/logger';
import type { ResolvedOptions, TransportName } from '../core/messaging-options';
import { InvalidConfigurationError } from '../core/errors';
import type { Database } from '../transports/postgres/database';
import { PostgresTransport } from '../transports/postgres/postgres.transport';
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
    case 'rabbitmq':
      throw new InvalidConfigurationError(['the rabbitmq transport is not part of this build yet; run these queues on postgres']);
    default: {
      const unreachable: never = name;
      throw new InvalidConfigurationError([`unknown transport ${String(unreachable)}`]);
    }
  }
}
