import { createMessaging, Messaging, PublishResult } from '../../src';
import { createTestSchema, TEST_DATABASE_URL, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { pause, TcpProxy, waitFor } from '@tenaz/test-kit';

/** Publishes one message every `everyMs` until stopped, keeping every result. */
function steadyPublisher(messaging: Messaging, queue: string, everyMs: number) {
  const results: PublishResult[] = [];
  let running = true;
  const done = (async () => {
    for (let n = 0; running; n += 1) {
      results.push(await messaging.publisher.publish({ queue, type: 'tick', payload: { n } }));
      await pause(everyMs);
    }
  })();
  return { results, stop: async () => ((running = false), await done) };
}

describe('network faults between the library and PostgreSQL', () => {
  let store: TestSchema;
  let proxy: TcpProxy;
  let messaging: Messaging;
  const handled = new Map<string, number>();
  const logger = quietLogger();

  beforeAll(async () => {
    store = await createTestSchema('netfault');
    const url = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    messaging = await createMessaging({
      postgres: { connectionString: url.toString(), schema: store.schema, queryTimeoutMs: 2_000 },
      queues: { netfault: { slaMs: 10_000, pollIntervalMs: 1_000, leaseMs: 5_000 } },
      logger,
    });
    await messaging.consumer.consume('netfault', async (message) => void handled.set(message.id, (handled.get(message.id) ?? 0) + 1));
  });
  afterAll(async () => {
    proxy.restore();
    await messaging.close();
    await proxy.close();
    await store.drop();
  });

  it('loses nothing when every connection is reset mid-flow: failures are loud, the rest arrives', async () => {
    const publisher = steadyPublisher(messaging, 'netfault', 10);
    await waitFor(() => publisher.results.length >= 30, { description: 'traffic before the cut' });
    const connectionsBefore = proxy.connections;
    proxy.cut();
    await waitFor(() => publisher.results.length >= 120, { description: 'traffic after the cut' });
    await publisher.stop();

    expect(connectionsBefore).toBeGreaterThan(1);
    const delivered = publisher.results.filter((r) => r.status === 'delivered').map((r) => r.messageId);
    expect(publisher.results.every((r) => r.status === 'delivered' || (r.status === 'failed' && r.error))).toBe(true);
    await waitFor(() => delivered.every((id) => handled.has(id)), { description: 'every delivered message handled' });
    expect(delivered.length).toBeGreaterThan(100);
  });

  it('recovers from a silent partition: statements time out loudly, the LISTEN connection is replaced, nothing is lost', async () => {
    const publisher = steadyPublisher(messaging, 'netfault', 20);
    await waitFor(() => publisher.results.length >= 20, { description: 'traffic before the partition' });
    const partitionedAt = logger.lines.length;
    proxy.blackhole();
    const failedDuring = await waitFor(() => publisher.results.filter((r) => r.status === 'failed').length, { description: 'a publish to fail during the partition' });
    // Past the lease, and until the LISTEN connection's ping (every 5 s, 5 s to answer) gives up on it.
    await pause(6_000);
    await waitFor(() => logger.lines.slice(partitionedAt).some((line) => line.message === 'LISTEN connection did not answer; replacing it'), {
      timeoutMs: 15_000,
      description: 'the LISTEN connection found dead',
    });
    const restoredAt = logger.lines.length;
    proxy.restore();
    const resumedAt = publisher.results.length;
    await waitFor(() => publisher.results.slice(resumedAt).filter((r) => r.status === 'delivered').length >= 20, { description: 'traffic after the partition' });
    await publisher.stop();

    expect(failedDuring).toBeGreaterThan(0);
    expect(publisher.results.find((r) => r.status === 'failed')?.error).toMatch(/timeout|terminated|Connection/i);
    const delivered = publisher.results.filter((r) => r.status === 'delivered').map((r) => r.messageId);
    await waitFor(() => delivered.every((id) => handled.has(id)), { description: 'every delivered message handled' });
    await waitFor(() => logger.lines.slice(restoredAt).some((line) => line.message === 'LISTEN connection re-established'), { description: 'the LISTEN connection back' });
  });
});
