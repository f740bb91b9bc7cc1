import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The raw statements the service runs outside TypeORM's entity API, loaded once from `sql/`. */
export const SQL = {
  lockMigrations: load('lock-migrations'),
  unlockMigrations: load('unlock-migrations'),
  createSchema: load('create-schema'),
  beginAttempt: load('begin-attempt'),
  finishAttempt: load('finish-attempt'),
  markDeadLettered: load('mark-dead-lettered'),
} as const;

function load(name: string): string {
  return readFileSync(join(__dirname, 'sql', `${name}.sql`), 'utf8');
}
