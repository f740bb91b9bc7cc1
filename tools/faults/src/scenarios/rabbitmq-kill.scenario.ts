import { pause } from '@tenaz/test-kit';
import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

const DOWN_MS = 3_000;

/** 6, the hard half: the broker's node killed with SIGKILL and started again on its data. */
export const rabbitmqKill: Scenario = {
  number: 6,
  id: 'rabbitmq-kill',
  title: 'RabbitMQ killed hard (SIGKILL of its node) and restarted, repeatedly',
  description: `A RabbitMQ node of the run's own (the shared broker is never killed) is SIGKILLed, left down ${DOWN_MS} ms and started again on its data, while publishing and consuming: no goodbye to clients, quorum queues recovered from their log on start; publishers fail at their confirm deadline or on the closed connection and repeat with the same id.`,
  transports: ['rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: { broker: 'own-node' },
  promises: { minCommitted: 1, recoveryWithinMs: 60_000 },
  async inject(env) {
    const node = env.rabbitmqCluster?.nodes[0];
    if (!node) {
      throw new Error('scenario rabbitmq-kill runs on a node of its own (settings.broker = own-node)');
    }
    await repeatWhileProducing(env, { firstAfterMs: 3_000, everyMs: 6_000, minTimes: 2 }, async () => {
      await env.fault('RabbitMQ node SIGKILLed and restarted', async () => {
        await node.kill();
        await pause(DOWN_MS);
        await node.start();
      });
    });
  },
};
