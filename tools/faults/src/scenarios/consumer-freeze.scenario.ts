import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

const LEASE_MS = 3_000;
const HEARTBEAT_SECONDS = 2;
const FROZEN_MS = 8_000;

/** 3. A consumer frozen with SIGSTOP for longer than its lease, then SIGCONT. */
export const consumerFreeze: Scenario = {
  number: 3,
  id: 'sigstop',
  title: `A consumer frozen with SIGSTOP for ${FROZEN_MS / 1_000} s (lease ${LEASE_MS / 1_000} s), then SIGCONT`,
  description: `Two consumers; one is frozen mid-handler for ${FROZEN_MS} ms, longer than its ${LEASE_MS} ms lease (PostgreSQL) and than two ${HEARTBEAT_SECONDS} s heartbeats (RabbitMQ), then woken: its messages are taken over, and its late commits must not add a second effect.`,
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 2_000 },
  settings: { workers: 2, handlerMs: 10, leaseMs: LEASE_MS, heartbeatSeconds: HEARTBEAT_SECONDS, maxRetries: 10 },
  // Takeover after the lease (PostgreSQL) or two heartbeats (RabbitMQ), plus the backlog the freeze left.
  promises: { recoveryWithinMs: 25_000 },
  async inject(env) {
    await repeatWhileProducing(env, { firstAfterMs: 1_000, everyMs: 2_000, maxTimes: 2 }, async () => {
      const victim = env.fleet.pick();
      if (!victim) return;
      await env.fault(`SIGSTOP ${victim.name} ${FROZEN_MS} ms`, async () => {
        env.fleet.freeze(victim);
        await new Promise((resolve) => setTimeout(resolve, FROZEN_MS));
        env.fleet.thaw(victim);
      });
    });
  },
};
