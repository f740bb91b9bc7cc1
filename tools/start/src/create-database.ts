import { Client, escapeIdentifier } from 'pg';
import { DatabaseUnreachableError } from './errors/database-unreachable.error';
import { redactUrl } from './redact-url';

/** PostgreSQL's duplicate_database: another process created it between our check and our CREATE. */
const DUPLICATE_DATABASE = '42P04';
/** A server that accepts TCP but never answers the startup message must not hang `npm start`. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Creates the database that `databaseUrl` names if it does not exist, connecting to the server's
 * `postgres` database to do so. Resolves true when it created it. The services create their own
 * schemas and tables (migrations) when they start.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) {
    throw new DatabaseUnreachableError(`DATABASE_URL names no database: ${redactUrl(databaseUrl)}`);
  }
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await admin.connect();
  } catch (error) {
    throw new DatabaseUnreachableError(
      `PostgreSQL is not reachable at ${redactUrl(url.toString())}: ${(error as Error).message} (DEVELOPERS.md shows how to start it)`,
      error,
    );
  }
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length > 0) {
      return false;
    }
    await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === DUPLICATE_DATABASE) {
      return false;
    }
    throw error;
  } finally {
    await admin.end();
  }
}
