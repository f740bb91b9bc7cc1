import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeIdentifier } from 'pg';
import type { MessagingLogger } from '../model/logger';
import type { Database } from './database';

/** One migration file: `NNNN_name.sql`, append-only once released. */
interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration under `migrations/`, in version order. */
export function loadMigrations(dir = join(__dirname, 'migrations')): Migration[] {
  return readdirSync(dir)
    .map((file) => /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ version: Number(match[1]), name: match[2], sql: readFileSync(join(dir, match[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Brings the library's schema up to date. Each migration runs in its own transaction under
 * `pg_advisory_xact_lock(hashtext('tenaz:migrate:' || schema))`, and re-reads the ledger
 * (`schema_migrations`) after taking the lock, so processes starting together apply each
 * migration exactly once and all of them succeed.
 */
export async function migrate(database: Database, logger: MessagingLogger, migrations = loadMigrations()): Promise<number[]> {
  const schema = database.schema;
  const quoted = escapeIdentifier(schema);
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await database.withTransaction(async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('tenaz:migrate:' || $1))`, [schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(`SET LOCAL search_path TO ${quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rowCount) {
        return false;
      }
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) {
      applied.push(migration.version);
      logger.info({ schema, version: migration.version, migration: migration.name }, 'applied messaging migration');
    }
  }
  return applied;
}
