import { createTestDatabase, TestDatabase } from './test-database';
import { TcpProxy } from './tcp-proxy';

/** A test database reached through a {@link TcpProxy}, for database outages injected for real. */
export interface ProxiedTestDatabase extends TestDatabase {
  /** The database's URL through the proxy: what the service under test connects to. */
  proxiedUrl: string;
  proxy: TcpProxy;
}

/** {@link createTestDatabase} behind a proxy; `drop()` restores and closes the proxy, then drops the database. */
export async function createProxiedTestDatabase(label: string): Promise<ProxiedTestDatabase> {
  const database = await createTestDatabase(label);
  const url = new URL(database.url);
  const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  return {
    ...database,
    proxiedUrl: url.toString(),
    proxy,
    async drop() {
      proxy.restore();
      await proxy.close();
      await database.drop();
    },
  };
}
