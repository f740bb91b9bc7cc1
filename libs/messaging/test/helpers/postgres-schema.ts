import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

/** The database integration tests use; each test file works in a schema of its own inside it. */
export const TEST_DATABASE_URL = process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** A schema created for one test file, and a client to inspect it. */
export interface TestSchema {
  connectionString: string;
  schema: string;
  /** A plain client for assertions and fault injection; closed by `drop()`. */
  sql: Client;
  /** `schema.table`, escaped. */
  table(name: string): string;
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named schema (`t_<label>_<random>`). The library creates its tables in it on
 * first use; `drop()` removes it and everything in it. Nothing outside it is touched.
 */
export async function createTestSchema(label: string): Promise<TestSchema> {
  const schema = `t_${label.replace(/[^a-z0-9_]/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const sql = new Client({ connectionString: TEST_DATABASE_URL });
  await sql.connect();
  return {
    connectionString: TEST_DATABASE_URL,
    schema,
    sql,
    table: (name) => `${escapeIdentifier(schema)}.${escapeIdentifier(name)}`,
    async drop() {
      await sql.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
      await sql.end();
    },
  };
}
