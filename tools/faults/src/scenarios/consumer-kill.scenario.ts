import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

const LEASE_MS = 3_000;

/** 2. Consumers killed with SIGKILL mid-handler every few seconds. */
export const consumerKill: Scenario = {
  number: 2,
  id: 'sigkill',
  title: 'Consumers killed with SIGKILL mid-handler every 3 s',
  description: `Three consumers whose handlers hold their inbox transaction 20 ms after writing the effect; every 3 s one is SIGKILLed and a new one started. Lease ${LEASE_MS} ms: a killed consumer's messages are taken over within lease + poll.`,
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 2_000 },
  settings: { workers: 3, handlerMs: 20, leaseMs: LEASE_MS, maxRetries: 10 },
  // Recovery counts the backlog the kill left too (takeover needs at most lease + poll = 4 s): 20 s on this loaded 2-core machine.
  promises: { recoveryWithinMs: 20_000 },
  async inject(env) {
    await repeatWhileProducing(env, { firstAfterMs: 1_000, everyMs: 3_000 }, async () => {
      const victim = env.fleet.pick();
      if (!victim) return;
      await env.fault(`SIGKILL ${victim.name}`, () => env.fleet.kill(victim));
      await env.fleet.start();
    });
  },
};
