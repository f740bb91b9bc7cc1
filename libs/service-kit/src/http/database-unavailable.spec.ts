import { createServer, Server } from 'node:net';
import { Client } from 'pg';
import { isDatabaseUnavailable } from './database-unavailable';

const DATABASE_URL = process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** What node-postgres really throws when `connect` meets `server` (or nothing at `port`). */
async function connectError(port: number): Promise<unknown> {
  const client = new Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/test`, connectionTimeoutMillis: 2_000 });
  return client.connect().then(
    () => client.end().then(() => undefined),
    (error: unknown) => error,
  );
}

describe(isDatabaseUnavailable.name, () => {
  let resetting: Server;

  beforeAll(async () => {
    resetting = createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => resetting.close(() => resolve())));

  it('recognises a refused connection, a reset one and a server that terminated the session', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(isDatabaseUnavailable(await connectError(port))).toBe(true);
    expect(isDatabaseUnavailable(await connectError((resetting.address() as { port: number }).port))).toBe(true);

    const victim = new Client({ connectionString: DATABASE_URL });
    const admin = new Client({ connectionString: DATABASE_URL });
    await Promise.all([victim.connect(), admin.connect()]);
    victim.on('error', () => undefined);
    const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // Terminated mid-statement, as a server shutting down does to the queries it is running.
    const running = victim.query('SELECT pg_sleep(10)').then(
      () => undefined,
      (error: unknown) => error,
    );
    for (let tries = 0; tries < 100; tries += 1) {
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'",
        [pid],
      );
      if (killed.rowCount) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.end();
    expect(isDatabaseUnavailable(await running)).toBe(true);
  });

  it('leaves errors of the statement itself alone', async () => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    const syntax = await client.query('SELEC 1').then(
      () => undefined,
      (error: unknown) => error,
    );
    const unique = await client.query('SELECT 1/0').then(
      () => undefined,
      (error: unknown) => error,
    );
    await client.end();
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
  });
});
