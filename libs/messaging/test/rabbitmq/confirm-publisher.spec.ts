import { randomUUID } from 'node:crypto';
import { AmqpConnection } from '../../src/transports/rabbitmq/amqp-connection';
import { ConfirmPublisher } from '../../src/transports/rabbitmq/confirm-publisher';
import { quietLogger } from '../helpers/quiet-logger';
import { createTestVhost, pause, TcpProxy, TestVhost, waitFor } from '@tenaz/test-kit';

const CONFIRM_TIMEOUT_MS = 300;

describe(ConfirmPublisher.name, () => {
  let vhost: TestVhost;
  let proxy: TcpProxy;
  let connection: AmqpConnection;
  let publisher: ConfirmPublisher;

  beforeAll(async () => {
    vhost = await createTestVhost('confirm_publisher');
    const broker = new URL(vhost.url);
    proxy = await TcpProxy.start({ host: broker.hostname, port: Number(broker.port || 5672) });
    broker.host = `127.0.0.1:${proxy.port}`;
    const logger = quietLogger();
    connection = new AmqpConnection(
      {
        urls: [broker.toString()],
        name: 'confirm-publisher-spec',
        heartbeatSeconds: 30,
        connectTimeoutMs: 5_000,
        reconnectMinDelayMs: 100,
        reconnectMaxDelayMs: 1_000,
      },
      logger,
    );
    await connection.start();
    publisher = new ConfirmPublisher(connection, { name: 'publish', confirmTimeoutMs: CONFIRM_TIMEOUT_MS }, logger);
    await publisher.start();
    const channel = await (connection.current as NonNullable<AmqpConnection['current']>).createChannel();
    await channel.assertQueue('routable', { durable: true });
    await channel.close();
  });
  afterAll(async () => {
    await publisher.close();
    await connection.close();
    await proxy.close();
    await vhost.drop();
  });

  const options = (messageId: string) => ({ messageId, mandatory: true as const, persistent: true as const });

  it('attributes a return that arrives after its publish timed out to that attempt, so a later publish of the same id is delivered', async () => {
    const messageId = randomUUID();
    // The link stalls: the publish reaches the broker (and its return and confirm come back) only after its deadline.
    proxy.blackhole();
    const late = publisher.publish('', 'no-such-queue', Buffer.from('{}'), options(messageId));
    await expect(late).rejects.toMatchObject({ failure: 'timeout' });
    proxy.restore();
    // The broker returns the first attempt unroutable and confirms it, late; nothing waits for it any more.
    await waitFor(() => publisher.inFlight === 0, { timeoutMs: 5_000, description: 'the late confirm of the timed-out attempt' });

    // The same message id again, now to a queue that exists: the stale return must not fail it.
    await expect(publisher.publish('', 'routable', Buffer.from('{}'), options(messageId))).resolves.toBeUndefined();
    // And a return still fails the attempt it belongs to.
    await expect(publisher.publish('', 'no-such-queue', Buffer.from('{}'), options(messageId))).rejects.toMatchObject({
      failure: 'unroutable',
    });
  });

  it('fails a publish waiting for a full socket to drain within its deadline, counted from the call', async () => {
    proxy.blackhole();
    const written: Promise<void>[] = [];
    try {
      // Against a stalled link, 1 MiB at a time until the socket stops draining (the kernel's buffers full).
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 256 && publisher.waitingToWrite === 0; i += 1) {
        written.push(publisher.publish('', 'routable', chunk, options(randomUUID())).catch(() => undefined));
        await pause(i % 8 === 7 ? 50 : 0);
      }
      expect(publisher.waitingToWrite).toBeGreaterThan(0);
      const startedAt = Date.now();
      await expect(publisher.publish('', 'routable', Buffer.from('{}'), options(randomUUID()))).rejects.toMatchObject({
        failure: 'timeout',
      });
      // The deadline plus one sweep (a quarter of it), and slack for a busy shared machine; before, it waited for ever.
      expect(Date.now() - startedAt).toBeLessThan(CONFIRM_TIMEOUT_MS * 1.25 + 1_000);
    } finally {
      proxy.restore();
    }
    await Promise.all(written);
    await waitFor(() => publisher.inFlight === 0, { timeoutMs: 30_000, description: 'the late confirms' });
  });
});
