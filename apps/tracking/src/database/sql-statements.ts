import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The raw statements the service runs outside TypeORM's entity API, loaded once from `sql/`. */
export const SQL = {
  lockMigrations: load('lock-migrations'),
  unlockMigrations: load('unlock-migrations'),
  createSchema: load('create-schema'),
  insertShipment: load('insert-shipment'),
  findShipments: load('find-shipments'),
  insertEvents: load('insert-events'),
  findEvents: load('find-events'),
  findEventToApply: load('find-event-to-apply'),
  markEventApplied: load('mark-event-applied'),
  advanceShipmentStatus: load('advance-shipment-status'),
  recordMilestoneNotification: load('record-milestone-notification'),
  selectTimeline: load('select-timeline'),
} as const;

function load(name: string): string {
  return readFileSync(join(__dirname, 'sql', `${name}.sql`), 'utf8');
}
