/**
 * A fault-run worker: a child process the scenarios SIGKILL, SIGSTOP and restart for real. As a
 * consumer it records each handler start in the run's ledger (before anything else, so a
 * redelivery is counted even when the attempt dies), then writes its effect in the inbox
 * transaction and keeps that transaction open for `handlerMs`. Poison messages throw. As a relay
 * it runs the outbox relay of a RabbitMQ queue, optionally dying between the broker's confirm and
 * the row's mark (scenario 4). Says `ready` over IPC; the `stop` message stops it gracefully.
 */
import { escapeIdentifier, Pool } from 'pg';
import { createMessaging, type Messaging, type MessagingOptions } from '@tenaz/messaging';
import { armDeathBeforeMark } from './die-before-mark';
import { EFFECTS_TABLE, INBOX_NAME, type WorkerConfig } from './worker-config';
import { SILENT_LOGGER } from '../run/silent-logger';

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function messagingOptions(): MessagingOptions {
  const rabbitmq =
    config.transport === 'rabbitmq' && config.rabbitmqUrls
      ? {
          url: config.rabbitmqUrls,
          heartbeatSeconds: config.heartbeatSeconds,
          reconnect: { minDelayMs: 100, maxDelayMs: 1_000 },
          confirmTimeoutMs: 5_000,
          outbox: { relay: config.role === 'relay', pollIntervalMs: 200, batchSize: 200 },
        }
      : undefined;
  return {
    postgres: {
      connectionString: config.connectionString,
      schema: config.schema,
      queryTimeoutMs: config.queryTimeoutMs,
      poolSize: Math.max(4, config.concurrency + 3),
    },
    rabbitmq,
    queues: {
      [config.queue]: {
        slaMs: 30_000,
        transport: config.transport,
        leaseMs: config.leaseMs,
        pollIntervalMs: config.pollIntervalMs,
        retry: { backoff: 'fixed', maxRetries: config.maxRetries, baseDelayMs: 20, maxDelayMs: 20 },
        ...(config.replicas === undefined ? {} : { replicas: config.replicas }),
      },
    },
    instanceId: config.name,
    logger: SILENT_LOGGER,
  };
}

async function consume(messaging: Messaging, ledger: Pool): Promise<() => Promise<void>> {
  const effects = `${escapeIdentifier(config.schema)}.${escapeIdentifier(EFFECTS_TABLE)}`;
  const handle = await messaging.consumer.consume<{ poison?: boolean }, { query: Pool['query'] }>(
    config.queue,
    async (message, context) => {
      await ledger.query('INSERT INTO ledger.deliveries (id, attempt, worker, at) VALUES ($1, $2, $3, clock_timestamp())', [
        message.id,
        message.attempt,
        config.name,
      ]);
      if (message.payload.poison) {
        throw new Error('poison: this handler always rejects it');
      }
      await context.transaction!.query(`INSERT INTO ${effects} (id, worker) VALUES ($1, $2)`, [message.id, config.name]);
      if (config.handlerMs > 0) {
        await sleep(config.handlerMs);
      }
    },
    { inbox: INBOX_NAME, concurrency: config.concurrency },
  );
  return () => handle.stop();
}

async function main(): Promise<void> {
  if (config.role === 'relay' && config.dieAfterMarks !== undefined) {
    armDeathBeforeMark(config.dieAfterMarks);
  }
  const ledger = new Pool({ connectionString: config.ledgerUrl, max: Math.max(2, config.concurrency) });
  ledger.on('error', () => undefined);
  const messaging = await createMessaging(messagingOptions());
  const stopConsumer = config.role === 'consumer' ? await consume(messaging, ledger) : async () => undefined;
  process.on('message', (command) => {
    if (command === 'stop') {
      void (async () => {
        await stopConsumer();
        await messaging.close();
        await ledger.end();
        process.exit(0);
      })();
    }
  });
  process.send?.('ready');
}

main().catch((error: Error) => {
  process.stderr.write(`worker ${config.name}: ${error.stack}\n`);
  process.exit(1);
});
