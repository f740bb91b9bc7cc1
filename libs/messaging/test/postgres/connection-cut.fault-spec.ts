import { createMessaging, Messaging, PublishResult } from '../../src';
import { createTestSchema, TEST_DATABASE_URL, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { pause, TcpProxy, waitFor } from '@tenaz/test-kit';

/** Publishes one message every `everyMs` until stopped, keeping every result and when the publish in flight began. */
function steadyPublisher(messaging: Messaging, queue: string, everyMs: number) {
  const results: PublishResult[] = [];
  const state = { inFlightSince: undefined as number | undefined };
  let running = true;
  const done = (async () => {
    for (let n = 0; running; n += 1) {
      state.inFlightSince = Date.now();
      results.push(await messaging.publisher.publish({ queue, type: 'tick', payload: { n } }));
      state.inFlightSince = undefined;
      await pause(everyMs);
    }
  })();
  return { results, state, stop: async () => ((running = false), await done) };
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
    // Mid-flow for certain: hold traffic for a moment so a publish is in flight when the resets land.
    const heldAt = Date.now();
    proxy.blackhole();
    await waitFor(() => publisher.state.inFlightSince !== undefined && publisher.state.inFlightSince >= heldAt, {
      description: 'a publish in flight',
    });
    const connectionsCut = proxy.connections;
    const cutAt = logger.lines.length;
    const publishesBeforeCut = publisher.results.length;
    proxy.cut();
    proxy.restore();
    await waitFor(() => publisher.results.length >= publishesBeforeCut + 100, { description: 'traffic after the cut' });
    await publisher.stop();

    // The cut had its effect: the publish in flight failed, loudly, and so did the LISTEN
    // connection, which came back. Each cut connection fails at most the one statement it carried;
    // after that every publish goes through.
    expect(connectionsCut).toBeGreaterThan(1);
    const failed = publisher.results.filter((r) => r.status !== 'delivered');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThanOrEqual(connectionsCut);
    expect(failed.every((r) => r.status === 'failed' && r.error)).toBe(true);
    expect(publisher.results.slice(publishesBeforeCut + connectionsCut).filter((r) => r.status !== 'delivered')).toEqual([]);
    await waitFor(() => logger.lines.slice(cutAt).some((line) => line.message === 'LISTEN connection re-established'), {
      description: 'the LISTEN connection back',
    });

    // Every committed message is handled: the delivered ones, and any whose commit landed but whose
    // answer the cut lost (an ack deletes a message's row, so the queue table ends empty).
    const delivered = publisher.results.filter((r) => r.status === 'delivered').map((r) => r.messageId);
    await waitFor(() => delivered.every((id) => handled.has(id)), { description: 'every delivered message handled' });
    await waitFor(
      async () =>
        (await store.sql.query(`SELECT count(*)::int AS n FROM ${store.table('reliable_messages')} WHERE queue_name = 'netfault'`)).rows[0]
          .n === 0,
      { description: 'every committed message handled' },
    );
    const published = new Set(publisher.results.map((r) => r.messageId));
    expect([...handled.keys()].filter((id) => !published.has(id))).toEqual([]);
  });

  it('recovers from a silent partition: statements time out loudly, the LISTEN connection is replaced, nothing is lost', async () => {
    const publisher = steadyPublisher(messaging, 'netfault', 20);
    await waitFor(() => publisher.results.length >= 20, { description: 'traffic before the partition' });
    const partitionedAt = logger.lines.length;
    proxy.blackhole();
    const failedDuring = await waitFor(() => publisher.results.filter((r) => r.status === 'failed').length, {
      description: 'a publish to fail during the partition',
    });
    // Past the lease, and until the LISTEN connection's ping (every 5 s, 5 s to answer) gives up on it.
    await pause(6_000);
    await waitFor(
      () => logger.lines.slice(partitionedAt).some((line) => line.message === 'LISTEN connection did not answer; replacing it'),
      {
        timeoutMs: 15_000,
        description: 'the LISTEN connection found dead',
      },
    );
    const restoredAt = logger.lines.length;
    proxy.restore();
    const resumedAt = publisher.results.length;
    await waitFor(() => publisher.results.slice(resumedAt).filter((r) => r.status === 'delivered').length >= 20, {
      description: 'traffic after the partition',
    });
    await publisher.stop();

    expect(failedDuring).toBeGreaterThan(0);
    expect(publisher.results.find((r) => r.status === 'failed')?.error).toMatch(/timeout|terminated|Connection/i);
    const delivered = publisher.results.filter((r) => r.status === 'delivered').map((r) => r.messageId);
    await waitFor(() => delivered.every((id) => handled.has(id)), { description: 'every delivered message handled' });
    await waitFor(() => logger.lines.slice(restoredAt).some((line) => line.message === 'LISTEN connection re-established'), {
      description: 'the LISTEN connection back',
    });
  });
});
