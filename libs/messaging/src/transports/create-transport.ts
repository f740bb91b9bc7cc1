import type { Database } from '../database/database';
import { InvalidConfigurationError } from '../model/errors';
import type { MessagingLogger } from '../model/logger';
import type { RabbitMqOptions, TransportName } from '../model/messaging-options';
import type { Transport, TransportRetention } from '../transport/transport.interface';
import { PostgresTransport } from './postgres/postgres.transport';

/** What every transport is built from: the library's database, who it is, and where it logs. */
export interface TransportContext {
  database: Database;
  retention: TransportRetention;
  instanceId: string;
  logger: MessagingLogger;
}

/** What only some transports need: their own connection settings. */
export interface TransportSettings {
  rabbitmq: RabbitMqOptions | undefined;
}

/**
 * Builds a transport by name. Every name must have a case: there is no fallback transport.
 * The RabbitMQ and Debezium transports are loaded only when a queue uses them: amqplib and the
 * RabbitMQ transport's modules are about 9 MB of a consumer's resident memory, which a process
 * whose queues all live in PostgreSQL should not carry (issue 10 asks for under 80 MB).
 */
export async function createTransport(name: TransportName, context: TransportContext, settings: TransportSettings): Promise<Transport> {
  switch (name) {
    case 'postgres':
      return new PostgresTransport({
        database: context.database,
        instanceId: context.instanceId,
        retention: context.retention,
        logger: context.logger,
      });
    case 'rabbitmq': {
      if (!settings.rabbitmq) {
        // resolveOptions reports this first; kept so the compiler knows the settings are there.
        throw new InvalidConfigurationError(['rabbitmq: queues run on rabbitmq, but no rabbitmq connection is configured']);
      }
      const { RabbitMqTransport } = await import('./rabbitmq/rabbitmq.transport');
      return new RabbitMqTransport({
        rabbitmq: settings.rabbitmq,
        database: context.database,
        instanceId: context.instanceId,
        logger: context.logger,
      });
    }
    case 'debezium': {
      const { DebeziumTransport } = await import('./debezium/debezium.transport');
      return new DebeziumTransport({ database: context.database, retention: context.retention });
    }
    default: {
      const unreachable: never = name;
      throw new InvalidConfigurationError([`unknown transport ${String(unreachable)}`]);
    }
  }
}
