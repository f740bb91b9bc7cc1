import { rabbitmqctl } from '@tenaz/test-kit';
import type { Scenario } from '../run/scenario';
import { repeatWhileProducing } from './fault-loop';

const DOWN_MS = 3_000;
const ALARM_MS = 4_000;

async function brokerRunning(): Promise<boolean> {
  return rabbitmqctl('await_startup', '--timeout', '2').then(
    () => true,
    () => false,
  );
}

/** 6. RabbitMQ stopped and started repeatedly; a resource alarm raised and cleared. */
export const rabbitmqRestart: Scenario = {
  number: 6,
  id: 'rabbitmq-restart',
  title: 'RabbitMQ stop_app/start_app repeatedly, and a memory alarm raised and cleared',
  description: `The shared broker is stopped with \`rabbitmqctl stop_app\` for ${DOWN_MS} ms and started again, in turn with a memory alarm (\`set_vm_memory_high_watermark 0.00001\`) held ${ALARM_MS} ms: publishers block or fail loudly and retry with the same id; consumers reconnect. The broker is always restarted and the watermark restored to 0.4.`,
  transports: ['rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: {},
  touchesSharedServers: true,
  promises: { minCommitted: 1, recoveryWithinMs: 30_000 },
  async inject(env) {
    await repeatWhileProducing(env, { firstAfterMs: 2_000, everyMs: 4_000, minTimes: 2 }, async (round) => {
      if (round % 2 === 0) {
        await env.fault('rabbitmqctl stop_app / start_app', async () => {
          await rabbitmqctl('stop_app');
          try {
            await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
          } finally {
            await rabbitmqctl('start_app');
            await rabbitmqctl('await_startup');
          }
        });
      } else {
        await env.fault('memory alarm raised and cleared', async () => {
          await rabbitmqctl('set_vm_memory_high_watermark', '0.00001');
          try {
            await new Promise((resolve) => setTimeout(resolve, ALARM_MS));
          } finally {
            await rabbitmqctl('set_vm_memory_high_watermark', '0.4');
          }
        });
      }
    });
  },
  async restore() {
    if (!(await brokerRunning())) {
      await rabbitmqctl('start_app');
      await rabbitmqctl('await_startup');
    }
    await rabbitmqctl('set_vm_memory_high_watermark', '0.4');
    await rabbitmqctl('set_disk_free_limit', '50MB');
  },
};
