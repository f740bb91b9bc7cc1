import { createTestDatabase, TestDatabase } from '@tenaz/test-kit';
import { Pool } from 'pg';
import { CombinedTransactions, IsolateItemsError, ItemOutcome } from './combined-transactions';
import { SqlClient, SqlTransactions } from './sql-transactions';

/** Against a real PostgreSQL: what commits, in which transaction, and who fails. */
describe(CombinedTransactions.name, () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase('combined_tx');
    await database.sql.query('CREATE TABLE items (name text PRIMARY KEY CHECK (name <> $$bad$$), xid bigint NOT NULL)');
    pool = new Pool({ connectionString: database.url, max: 4 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  beforeEach(() => database.sql.query('TRUNCATE items'));

  /** Inserts every item in one statement; an item named `unknown-*` is refused before writing, `conflict-*` only after. */
  const insertAll = async (client: SqlClient, names: string[]): Promise<ItemOutcome<string>[]> => {
    const writing = names.filter((name) => !name.startsWith('unknown-'));
    await client.query('INSERT INTO items (name, xid) SELECT unnest($1::text[]), txid_current()', [writing]);
    if (names.length > 1 && writing.some((name) => name.startsWith('conflict-'))) {
      throw new IsolateItemsError('a conflict');
    }
    const conflict = writing.find((name) => name.startsWith('conflict-'));
    if (conflict) {
      throw new Error(`${conflict} conflicts`);
    }
    return names.map((name) => (name.startsWith('unknown-') ? { error: new Error(`${name} is unknown`) } : { result: name }));
  };

  const stored = async () => (await pool.query<{ name: string; xid: string }>('SELECT name, xid FROM items ORDER BY name')).rows;

  it('commits concurrent items in one transaction, each resolving after the commit', async () => {
    const combined = new CombinedTransactions(SqlTransactions.onPool(pool), insertAll, { maxInFlight: 1, maxItems: 64 });
    const names = Array.from({ length: 16 }, (_, index) => `item-${String(index).padStart(2, '0')}`);
    const results = await Promise.all(
      names.map(async (name) => [await combined.submit(name), (await stored()).some((row) => row.name === name)] as const),
    );
    expect(results.map(([result]) => result)).toEqual(names);
    expect(results.every(([, committed]) => committed)).toBe(true);
    expect(new Set((await stored()).map((row) => row.xid)).size).toBe(1);
  });

  it('answers an item refused before writing with its own error and commits the others', async () => {
    const combined = new CombinedTransactions(SqlTransactions.onPool(pool), insertAll, { maxInFlight: 1, maxItems: 64 });
    const answers = await Promise.allSettled(['a', 'unknown-b', 'c'].map((name) => combined.submit(name)));
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((answers[1] as PromiseRejectedResult).reason.message).toBe('unknown-b is unknown');
    expect((await stored()).map((row) => row.name)).toEqual(['a', 'c']);
  });

  it.each([
    ['a data error (a CHECK constraint)', 'bad', /violates check constraint/],
    ['a problem found after writing (IsolateItemsError)', 'conflict-x', /conflict-x conflicts/],
  ])('runs every item alone after %s, so only the item at fault fails', async (_, faulty, error) => {
    const combined = new CombinedTransactions(SqlTransactions.onPool(pool), insertAll, { maxInFlight: 1, maxItems: 64 });
    const answers = await Promise.allSettled(['a', faulty, 'c'].map((name) => combined.submit(name)));
    expect(answers.map((answer) => answer.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((answers[1] as PromiseRejectedResult).reason.message).toMatch(error);
    const rows = await stored();
    expect(rows.map((row) => row.name)).toEqual(['a', 'c']);
    expect(new Set(rows.map((row) => row.xid)).size).toBe(2);
  });
});
