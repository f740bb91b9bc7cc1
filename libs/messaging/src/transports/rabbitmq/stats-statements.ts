import { join } from 'node:path';
import { loadStatements, Statements } from '../../database/statements';

const NAMES = [
  'rabbitmq-cleanup-stats',
  'rabbitmq-forget-instance',
  'rabbitmq-oldest-pending',
  'rabbitmq-queue-stats',
  'rabbitmq-record-enqueued',
  'rabbitmq-record-held',
  'rabbitmq-record-settlements',
] as const;

/** The statistics RabbitMQ cannot tell over AMQP, kept in PostgreSQL. */
export type RabbitMqStatsStatements = Statements<(typeof NAMES)[number]>;

/** The statements under `sql/` beside this file, for one schema. */
export function rabbitMqStatsStatements(schema: string): RabbitMqStatsStatements {
  return loadStatements(join(__dirname, 'sql'), NAMES, schema);
}
