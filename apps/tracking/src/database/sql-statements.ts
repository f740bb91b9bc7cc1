import { loadSqlStatements } from '@tenaz/service-kit';
import { join } from 'node:path';

/** The raw statements the service runs outside TypeORM's entity API, loaded once from `sql/`. */
export const SQL = loadSqlStatements(join(__dirname, 'sql'), [
  'insert-shipment',
  'find-shipments',
  'insert-events',
  'find-events',
  'find-event-to-apply',
  'mark-event-applied',
  'advance-shipment-status',
  'record-milestone-notification',
  'select-timeline',
]);
