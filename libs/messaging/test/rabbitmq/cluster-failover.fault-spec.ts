import { createMessaging, Messaging } from '../../src';
import { AmqpConnection } from '../../src/transports/rabbitmq/amqp-connection';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { RetryingProducer } from '../helpers/retrying-producer';
import { pause, RabbitMqCluster, startRabbitMqCluster, waitFor } from '@tenaz/test-kit';

const CONFIRM_TIMEOUT_MS = 2_000;
/** Without a majority for this long, a publish would have to be confirmed by one replica alone. */
const NO_MAJORITY_MS = 8_000;

interface QueueListing {
  name: string;
  type: string;
  members: string[];
}

/** Issue 9, scenario 13: three nodes of the test's own, quorum queues replicated on all of them. */
describe(`a three-node RabbitMQ cluster: quorum queues on every node, connections fail over (${AmqpConnection.name})`, () => {
  let cluster: RabbitMqCluster;
  let store: TestSchema;
  let messaging: Messaging | undefined;

  beforeAll(async () => {
    [cluster, store] = await Promise.all([startRabbitMqCluster(3), createTestSchema('cluster')]);
  }, 180_000);
  afterAll(async () => {
    await messaging?.close();
    await cluster?.stop();
    await store?.drop();
  }, 60_000);

  it('fails over when a node is killed, confirms nothing without a majority, and delivers every confirmed message', async () => {
    const [first, second] = [cluster.nodes[0]!, cluster.nodes[1]!];
    messaging = await createMessaging({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      rabbitmq: {
        url: cluster.urls,
        confirmTimeoutMs: CONFIRM_TIMEOUT_MS,
        heartbeatSeconds: 2,
        reconnect: { minDelayMs: 100, maxDelayMs: 1_000 },
      },
      queues: { parcels: { slaMs: 5_000, transport: 'rabbitmq', replicas: 3 } },
      logger: quietLogger(),
    });

    // Every queue of `parcels` is a quorum queue with a replica on each node.
    const listing = JSON.parse(
      await first.rabbitmqctl('-q', 'list_queues', 'name', 'type', 'members', '--formatter', 'json'),
    ) as QueueListing[];
    const own = listing.filter((queue) => queue.name.startsWith('tenaz.parcels.'));
    expect(own.map((queue) => queue.name).sort()).toEqual([
      'tenaz.parcels.dead',
      'tenaz.parcels.p0',
      'tenaz.parcels.p1',
      'tenaz.parcels.p2',
    ]);
    for (const queue of own) {
      expect(queue.type).toBe('quorum');
      expect([...queue.members].sort()).toEqual(cluster.nodes.map((node) => node.name).sort());
    }

    const handled = new Set<string>();
    await messaging.consumer.consume(
      'parcels',
      async (message) => {
        handled.add(message.id);
      },
      { concurrency: 8 },
    );
    const producer = new RetryingProducer(messaging, 'parcels');
    try {
      await waitFor(() => producer.accepted.size >= 100, { description: 'traffic through the first node' });

      // 1. The node both connections are on (the first listed) dies: they move to the next one.
      await first.kill();
      const afterFirstKill = Date.now();
      await waitFor(() => producer.acceptedSince(afterFirstKill) >= 100, {
        timeoutMs: 30_000,
        description: 'publishes confirmed again after the first node died',
      });
      const onSecond = await second.rabbitmqctl('-q', 'list_connections', 'name');
      expect(onSecond.split('\n').filter((line) => line.trim() !== '').length).toBeGreaterThanOrEqual(2);

      // 2. A second node dies: one replica of three left, no majority. Publishes in flight may be
      // confirmed as it dies, but none started after a confirm deadline can be until a majority is back.
      const refusedBefore = producer.refusals.length;
      await second.kill();
      const noMajoritySince = Date.now();
      await pause(NO_MAJORITY_MS);
      const confirmedWithoutMajority = producer.acceptedSince(noMajoritySince + CONFIRM_TIMEOUT_MS + 1_000);
      const refusedWithoutMajority = producer.refusals.length - refusedBefore;
      await second.start();
      const majorityBack = Date.now();
      expect(confirmedWithoutMajority).toBe(0);
      expect(refusedWithoutMajority).toBeGreaterThan(0);
      await waitFor(() => producer.acceptedSince(majorityBack) >= 100, {
        timeoutMs: 60_000,
        description: 'publishes confirmed again once two of three nodes run',
      });

      // 3. The first node comes back and rejoins.
      await first.start();
      const allBack = Date.now();
      await waitFor(() => producer.acceptedSince(allBack) >= 100, { timeoutMs: 30_000, description: 'traffic with every node back' });
    } finally {
      await producer.stop();
    }

    // Nothing the cluster confirmed is lost: every accepted message reaches the handler.
    await waitFor(() => [...producer.accepted].every((id) => handled.has(id)), {
      timeoutMs: 60_000,
      description: `every one of ${producer.accepted.size} confirmed messages handled`,
    });
    expect([...producer.accepted].filter((id) => !handled.has(id))).toEqual([]);
  }, 240_000);
});
