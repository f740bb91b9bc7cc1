'use strict';

const { Client, escapeIdentifier } = require('pg');

/** PostgreSQL's duplicate_database: another process created it between our check and our CREATE. */
const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database that `databaseUrl` names if it does not exist, connecting to the server's
 * `postgres` database to do so. Returns true when it created it. The services create their own
 * schemas and tables (migrations) when they start.
 */
async function ensureDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) {
    throw new Error(`DATABASE_URL names no database: ${redact(databaseUrl)}`);
  }
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${redact(url.toString())}: ${error.message} (DEVELOPERS.md shows how to start it)`);
  }
  try {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length > 0) {
      return false;
    }
    await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    if (error.code === DUPLICATE_DATABASE) {
      return false;
    }
    throw error;
  } finally {
    await admin.end();
  }
}

/** A connection URL without its password, for messages. */
function redact(databaseUrl) {
  try {
    const url = new URL(databaseUrl);
    if (url.password) {
      url.password = '***';
    }
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

module.exports = { ensureDatabase, redact };
