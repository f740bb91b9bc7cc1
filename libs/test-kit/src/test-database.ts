import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

/** The server tests use; its database name is replaced by each test file's own. */
const SERVER_URL = process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** A database created for one test file: both services' schemas and the library's are isolated in it. */
export interface TestDatabase {
  url: string;
  name: string;
  /** A client on the test database for assertions; closed by `drop()`. */
  sql: Client;
  drop(): Promise<void>;
}

/** Creates `t_<label>_<random>`; `drop()` removes it WITH (FORCE), whatever is still connected. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `t_${label.replace(/[^a-z0-9_]/g, '_').slice(0, 26)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const sql = new Client({ connectionString: url.toString() });
  await sql.connect();
  return {
    url: url.toString(),
    name,
    sql,
    async drop() {
      await sql.end().catch(() => undefined);
      const cleanup = new Client({ connectionString: SERVER_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
