import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

const QUERY_TIMEOUT_MS = 3_000;
const HEARTBEAT_SECONDS = 2;
const BLACKHOLE_MS = 6_000;

/** 9. Connections to PostgreSQL and to RabbitMQ cut or black-holed by the TCP proxy of test-kit. */
export const networkCut: Scenario = {
  number: 9,
  id: 'network-cut',
  title: 'Connections cut (reset) and black-holed (silent) by a TCP proxy, PostgreSQL and RabbitMQ',
  description: `Every library connection (the producer's and the workers') goes through \`TcpProxy\`; in turn every connection is reset, or every byte silently dropped for ${BLACKHOLE_MS} ms (a half-open partition), first to PostgreSQL, then (RabbitMQ runs) to the broker. Detection bounds: a PostgreSQL statement with no answer fails after queryTimeoutMs = ${QUERY_TIMEOUT_MS} ms; a silent AMQP connection is declared dead after two missed heartbeats (${HEARTBEAT_SECONDS} s each, at most ${2 * HEARTBEAT_SECONDS * 1_000} ms after its last frame).`,
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: {
    proxy: { postgres: true, rabbitmq: true },
    queryTimeoutMs: QUERY_TIMEOUT_MS,
    heartbeatSeconds: HEARTBEAT_SECONDS,
    maxRetries: 10,
  },
  // Recovery includes the backlog the partition left (every publish and claim stalled for it): 45 s here.
  promises: { minCommitted: 1, recoveryWithinMs: 45_000 },
  async inject(env) {
    const targets = [
      { name: 'PostgreSQL', proxy: env.postgresProxy! },
      ...(env.rabbitmqProxy ? [{ name: 'RabbitMQ', proxy: env.rabbitmqProxy }] : []),
    ];
    // Round n: target n mod 2 (PostgreSQL, RabbitMQ), a reset in the first two rounds of four, a black hole in the others.
    await repeatWhileProducing(env, { firstAfterMs: 2_000, everyMs: 8_000, minTimes: 2 * targets.length }, async (round) => {
      const target = targets[round % targets.length]!;
      if (Math.floor(round / targets.length) % 2 === 0) {
        await env.fault(`${target.name} connections reset`, async () => target.proxy.cut());
      } else {
        await env.fault(`${target.name} black-holed ${BLACKHOLE_MS} ms`, async () => {
          target.proxy.blackhole();
          try {
            await new Promise((resolve) => setTimeout(resolve, BLACKHOLE_MS));
          } finally {
            // The stalled connections are dropped too: after a real partition heals, the peer
            // has long since given up on them.
            target.proxy.restore();
            target.proxy.cut();
          }
        });
      }
    });
  },
  async restore(env) {
    env.postgresProxy?.restore();
    env.rabbitmqProxy?.restore();
  },
};
