import { rabbitmqctl } from '@tenaz/test-kit';
import type { Scenario } from '../run/scenario';

/** 12. Delayed messages waiting while the broker (or PostgreSQL) restarts: each delivered, none early. */
export const delayedAcrossRestart: Scenario = {
  number: 12,
  id: 'delayed-restart',
  title: 'Delayed messages waiting while the broker restarts',
  description:
    "Every message is published with a delay of 2 to 8 s; midway the store of the waiting messages restarts (RabbitMQ: `stop_app` for 3 s, the delay ladder's queues are durable; PostgreSQL: the throwaway cluster restarted in immediate mode). Each message is delivered, none before its time.",
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: (transport) => ({
    delayMs: (index: number) => 2_000 + ((index * 7_919) % 6_000),
    ...(transport === 'postgres' ? { database: 'throwaway' as const } : {}),
  }),
  touchesSharedServers: true,
  promises: { minCommitted: 1, notEarly: true },
  async inject(env) {
    await env.pauseWhileProducing(3_000);
    if (env.transport === 'rabbitmq') {
      await env.fault('rabbitmqctl stop_app / start_app with delayed messages waiting', async () => {
        await rabbitmqctl('stop_app');
        try {
          await new Promise((resolve) => setTimeout(resolve, 3_000));
        } finally {
          await rabbitmqctl('start_app');
          await rabbitmqctl('await_startup');
        }
      });
    } else {
      await env.fault('pg_ctl restart -m immediate with delayed messages waiting', () => env.cluster!.restart('immediate'));
    }
  },
  async restore(env) {
    if (env.transport === 'rabbitmq') {
      const running = await rabbitmqctl('await_startup', '--timeout', '2').then(
        () => true,
        () => false,
      );
      if (!running) {
        await rabbitmqctl('start_app');
        await rabbitmqctl('await_startup');
      }
    }
  },
};
