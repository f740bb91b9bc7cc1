import { pause } from '@tenaz/test-kit';
import { Pool } from 'pg';
import type { FaultTransport, Scenario, ScenarioEnvironment } from '../run/scenario';
import { describeSample, judgeFlatness, takeSample, type SoakSample } from './soak-samples';

const RATE = 100;
const FAULT_EVERY_MS = 120_000;
const SAMPLE_EVERY_MS = 30_000;

interface SoakFault {
  name: string;
  run: (env: ScenarioEnvironment, admin: Pool) => Promise<void>;
}

/** Black-holes a proxy for 8 s, then resets what it held (the library's heartbeats and keepalives notice first). */
async function blackHole(proxy: ScenarioEnvironment['postgresProxy']): Promise<void> {
  proxy!.blackhole();
  await pause(8_000);
  proxy!.restore();
  proxy!.cut();
}

/** The node of the run's own (broker 'own-node'): the shared broker is never stopped. */
function ownNode(env: ScenarioEnvironment) {
  const node = env.rabbitmqCluster?.nodes[0];
  if (!node) throw new Error('the RabbitMQ soak runs on a node of its own (settings.broker = own-node)');
  return node;
}

/** Faults of scenarios 2, 3, 7 and 9 on the queue's PostgreSQL: the queue itself, or the inbox and outbox beside RabbitMQ. */
const EVERY_TRANSPORT: SoakFault[] = [
  {
    name: 'SIGKILL a consumer (2)',
    run: async (env) => {
      const victim = env.fleet.pick();
      if (victim) await env.fleet.kill(victim);
      await env.fleet.start();
    },
  },
  {
    name: 'SIGSTOP a consumer 8 s (3)',
    run: async (env) => {
      const victim = env.fleet.pick();
      if (!victim) return;
      env.fleet.freeze(victim);
      await pause(8_000);
      env.fleet.thaw(victim);
    },
  },
  { name: 'pg_ctl restart -m immediate (7)', run: (env) => env.cluster!.restart('immediate') },
  { name: 'pg_ctl restart -m fast (7)', run: (env) => env.cluster!.restart('fast') },
  { name: 'PostgreSQL connections reset (9)', run: async (env) => env.postgresProxy!.cut() },
  { name: 'PostgreSQL black-holed 8 s (9)', run: (env) => blackHole(env.postgresProxy) },
];

const POSTGRES_ONLY: SoakFault[] = [
  {
    name: 'LISTEN sessions terminated (8)',
    run: async (_env, admin) => {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query ILIKE 'LISTEN%'`,
      );
    },
  },
];

/** Faults of scenarios 4, 6 and 9 on RabbitMQ; messages go through the outbox, so relays are there to kill. */
const RABBITMQ_ONLY: SoakFault[] = [
  {
    name: 'outbox relay SIGKILLed between confirm and mark (4)',
    run: async (env) => {
      // A second relay that kills itself just before marking its first confirmed batch sent; the healthy one keeps relaying.
      const relay = await env.fleet.start({ role: 'relay', dieAfterMarks: 1 });
      const how = await Promise.race([relay.exited, pause(30_000).then(() => 'still running')]);
      if (how !== 'SIGKILL') await env.fleet.kill(relay);
    },
  },
  {
    name: 'RabbitMQ node SIGKILLed, restarted after 3 s (6)',
    run: async (env) => {
      await ownNode(env).kill();
      await pause(3_000);
      await ownNode(env).start();
    },
  },
  {
    name: 'RabbitMQ stop_app for 3 s, start_app (6)',
    run: async (env) => {
      await ownNode(env).rabbitmqctl('stop_app');
      try {
        await pause(3_000);
      } finally {
        await ownNode(env).rabbitmqctl('start_app');
      }
    },
  },
  {
    name: 'RabbitMQ memory alarm for 4 s (6)',
    run: async (env) => {
      await ownNode(env).rabbitmqctl('set_vm_memory_high_watermark', '0.00001');
      try {
        await pause(4_000);
      } finally {
        await ownNode(env).rabbitmqctl('set_vm_memory_high_watermark', '0.4');
      }
    },
  },
  { name: 'RabbitMQ connections reset (9)', run: async (env) => env.rabbitmqProxy!.cut() },
  { name: 'RabbitMQ black-holed 8 s (9)', run: (env) => blackHole(env.rabbitmqProxy) },
];

export function soakFaults(transport: FaultTransport): SoakFault[] {
  return [...EVERY_TRANSPORT, ...(transport === 'postgres' ? POSTGRES_ONLY : RABBITMQ_ONLY)];
}

/**
 * 15. Soak: `minutes` of steady load (100 messages/s) with a random fault every two minutes, drawn
 * from the faults of scenarios 2-4 and 6-9 that apply to the transport, sampling worker RSS, each
 * table's size, the queue's depth and `pg_notification_queue_usage()` every 30 s. The run fails
 * unless the in-flight tables and worker RSS stay flat (soak-samples.ts says how it is judged).
 * On RabbitMQ every message goes through the outbox and a relay in a child process, on a node of
 * the run's own behind the TCP proxy. Its own script (`npm run test:faults:soak`), never `npm test`.
 */
export function soak(minutes: number, transport: FaultTransport): Scenario {
  const faults = soakFaults(transport);
  return {
    number: 15,
    id: 'soak',
    title: `Soak: ${minutes} minutes, a random fault every 2 minutes`,
    description: `${RATE} messages/s for ${minutes} minutes on a throwaway PostgreSQL cluster behind the TCP proxy${transport === 'rabbitmq' ? ', every message through the outbox and a relay process, to a RabbitMQ node of the run’s own behind the proxy' : ''}; every 2 minutes one fault drawn from: ${faults.map((f) => f.name).join(', ')}. Samples every 30 s: worker RSS and the in-flight tables must stay flat, the NOTIFY queue near empty.`,
    transports: [transport],
    messages: { full: RATE * 60 * minutes, quick: RATE * 60 * minutes },
    settings: {
      rate: RATE,
      workers: 2,
      database: 'throwaway',
      queryTimeoutMs: 3_000,
      ...(transport === 'rabbitmq'
        ? { mode: 'outbox' as const, broker: 'own-node' as const, proxy: { postgres: true, rabbitmq: true } }
        : { proxy: { postgres: true, rabbitmq: false } }),
    },
    promises: { minCommitted: 1, recoveryWithinMs: 60_000 },
    async inject(env) {
      // A pool of one: after a restart it opens a new session by itself.
      const admin = new Pool({ connectionString: env.directDatabaseUrl, max: 1 });
      admin.on('error', () => undefined);
      const startedAt = Date.now();
      const samples: SoakSample[] = [];
      if (env.settings.mode === 'outbox') await env.fleet.start({ role: 'relay' });
      let nextFault = Date.now() + FAULT_EVERY_MS;
      try {
        while (env.producing()) {
          await env.pauseWhileProducing(SAMPLE_EVERY_MS);
          try {
            const sample = await takeSample(env, admin, startedAt);
            samples.push(sample);
            env.note(describeSample(sample));
          } catch (error) {
            env.note(`sample failed: ${(error as Error).message}`);
          }
          if (Date.now() >= nextFault && env.producing()) {
            const fault = faults[Math.floor(Math.random() * faults.length)]!;
            await env.fault(fault.name, () => fault.run(env, admin));
            nextFault = Date.now() + FAULT_EVERY_MS;
          }
        }
      } finally {
        await admin.end().catch(() => undefined);
      }
      const flatness = judgeFlatness(samples);
      flatness.notes.forEach((line) => env.note(line));
      flatness.problems.forEach((line) => env.problem(line));
    },
    async restore(env) {
      env.postgresProxy?.restore();
      env.rabbitmqProxy?.restore();
      await env.cluster?.start().catch(() => undefined);
      await env.rabbitmqCluster?.nodes[0]
        ?.rabbitmqctl('start_app')
        .then(() => env.rabbitmqCluster?.nodes[0]?.rabbitmqctl('set_vm_memory_high_watermark', '0.4'))
        .catch(() => undefined);
    },
  };
}
