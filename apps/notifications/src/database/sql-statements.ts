import { loadSqlStatements } from '@tenaz/service-kit';
import { join } from 'node:path';

/** The raw statements the service runs outside TypeORM's entity API, loaded once from `sql/`. */
export const SQL = loadSqlStatements(join(__dirname, 'sql'), [
  'accept-notifications',
  'find-idempotency-key',
  'find-notification',
  'begin-attempts',
  'finish-attempts',
  'mark-dead-lettered',
  'delete-expired-idempotency-keys',
  'try-idempotency-cleanup-lock',
]);
