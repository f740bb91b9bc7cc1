import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

/** 7. PostgreSQL restarted in fast and immediate modes (a throwaway cluster: the shared server is never restarted). */
export const postgresRestart: Scenario = {
  number: 7,
  id: 'postgres-restart',
  title: 'PostgreSQL restarted, fast and immediate, under load',
  description:
    'The queue database is a throwaway cluster (initdb on a spare port, `libs/test-kit` `startThrowawayCluster`), restarted every 5 s, alternately with `pg_ctl restart -m fast` and `-m immediate` (crash recovery), in the middle of claims, inbox transactions and (RabbitMQ) outbox work. Publishes fail loudly and are repeated with the same id; workers reconnect.',
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: { database: 'throwaway', queryTimeoutMs: 5_000 },
  promises: { minCommitted: 1, recoveryWithinMs: 30_000 },
  async inject(env) {
    await repeatWhileProducing(env, { firstAfterMs: 2_000, everyMs: 5_000 }, async (round) => {
      const mode = round % 2 === 0 ? 'fast' : 'immediate';
      await env.fault(`pg_ctl restart -m ${mode}`, () => env.cluster!.restart(mode));
    });
  },
  async restore(env) {
    // A failed restart leaves the cluster down; start it so the run's outcomes can be read.
    await env.cluster?.start().catch(() => undefined);
  },
};
