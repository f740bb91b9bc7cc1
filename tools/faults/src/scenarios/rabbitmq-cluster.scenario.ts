import { pause } from '@tenaz/test-kit';
import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

/** Long enough for every connection on the killed node to move and for traffic to flow again. */
const ONE_DOWN_MS = 5_000;
/** Two of three down: no queue has a majority, so nothing may be confirmed. */
const NO_MAJORITY_MS = 6_000;

/** 13. A three-node cluster: one node killed hard, then a second one briefly (no majority), then both back. */
export const rabbitmqCluster: Scenario = {
  number: 13,
  id: 'rabbitmq-cluster',
  title: 'a three-node RabbitMQ cluster: a node killed hard, then a second one (no majority), then both restarted',
  description: `Three RabbitMQ nodes of the run's own (own names, ports and data, joined with \`rabbitmqctl join_cluster\`), the queue's quorum queues replicated on all three, every process given the three URLs. The first node (where every connection starts) is SIGKILLed; ${ONE_DOWN_MS} ms later the second one too, leaving no majority for ${NO_MAJORITY_MS} ms (publishes fail at their confirm deadline and are repeated with the same id); then both are started again and rejoin.`,
  transports: ['rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: { broker: 'cluster' },
  promises: { minCommitted: 1, recoveryWithinMs: 60_000 },
  async inject(env) {
    const cluster = env.rabbitmqCluster;
    if (!cluster) {
      throw new Error('scenario 13 runs on its own cluster (settings.broker = cluster)');
    }
    const [first, second] = [cluster.nodes[0]!, cluster.nodes[1]!];
    await repeatWhileProducing(env, { firstAfterMs: 3_000, everyMs: 5_000, minTimes: 1 }, async () => {
      await env.fault('a node killed hard (SIGKILL), then a second one: no majority', async () => {
        await first.kill();
        await pause(ONE_DOWN_MS);
        await second.kill();
        await pause(NO_MAJORITY_MS);
        await second.start();
      });
      await env.fault('the first node restarted (rejoins the cluster)', () => first.start());
    });
    const members = JSON.parse(await first.rabbitmqctl('-q', 'list_queues', 'name', 'members', '--formatter', 'json')) as {
      name: string;
      members: string[];
    }[];
    const replicated = members.filter((queue) => queue.name.startsWith(`tenaz.${env.queue}.`));
    env.note(`replicas per queue: ${replicated.map((queue) => `${queue.name} ${queue.members.length}`).join(', ')}`);
  },
};
