import type { Client } from 'pg';
import { Messaging } from '../../src';
import { AmqpConnection } from '../../src/transports/rabbitmq/amqp-connection';
import { RetryingProducer } from '../helpers/retrying-producer';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { pause, rabbitmqctl, waitFor } from '@tenaz/test-kit';

async function brokerRunning(): Promise<boolean> {
  try {
    await rabbitmqctl('await_startup', '--timeout', '1');
    return true;
  } catch {
    return false;
  }
}

describe(`RabbitMQ stopped and started under load (${AmqpConnection.name})`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('restart');
  });
  afterEach(async () => {
    // Whatever happened in the test, the broker is left running for everyone else.
    if (!(await brokerRunning())) {
      await rabbitmqctl('start_app');
      await rabbitmqctl('await_startup');
    }
    await bed.closeAll();
  });
  afterAll(() => bed.drop());

  /** An idempotent consumer whose effect is a row per message, written with its inbox record. */
  async function recordEffects(messaging: Messaging, queue: string): Promise<void> {
    // Not unique: a second effect of one message must show up as a second row.
    await bed.store.sql.query(`CREATE TABLE IF NOT EXISTS ${bed.store.table('effects')} (message_id uuid NOT NULL)`);
    await messaging.consumer.consume(
      queue,
      async (message, context) => {
        await (context.transaction as Client).query(`INSERT INTO ${bed.store.table('effects')} VALUES ($1)`, [message.id]);
      },
      { inbox: `effects_${queue}`, concurrency: 8 },
    );
  }

  async function expectEachAcceptedOnce(accepted: ReadonlySet<string>): Promise<void> {
    const effects = async () =>
      (
        await bed.store.sql.query(
          `SELECT message_id, count(*)::int AS n FROM ${bed.store.table('effects')} WHERE message_id = ANY ($1::uuid[]) GROUP BY message_id`,
          [[...accepted]],
        )
      ).rows;
    await waitFor(async () => (await effects()).length === accepted.size, {
      timeoutMs: 60_000,
      description: `effects of all ${accepted.size} accepted messages`,
    });
    expect((await effects()).filter((row) => row.n !== 1)).toEqual([]);
  }

  async function restartBrokerWhile(producer: RetryingProducer): Promise<void> {
    await waitFor(() => producer.accepted.size >= 50, { description: 'traffic before the stop' });
    await rabbitmqctl('stop_app');
    const acceptedBefore = producer.accepted.size;
    await pause(1_500);
    await rabbitmqctl('start_app');
    await rabbitmqctl('await_startup');
    await waitFor(() => producer.accepted.size >= acceptedBefore + 50, { timeoutMs: 60_000, description: 'traffic after the start' });
    await producer.stop();
  }

  it('fails publishes loudly while the broker is down, then delivers every accepted message once past the inbox', async () => {
    const queue = 'restart_strict';
    const messaging = await bed.start(
      { [queue]: { slaMs: 10_000 } },
      { rabbitmq: { reconnect: { minDelayMs: 100, maxDelayMs: 1_000 }, confirmTimeoutMs: 5_000 } },
    );
    await recordEffects(messaging, queue);
    const producer = new RetryingProducer(messaging, queue);
    await restartBrokerWhile(producer);
    expect(producer.refusals.length).toBeGreaterThan(0);
    expect(producer.refusals.every((reason) => /not connected|closed|confirm/.test(reason))).toBe(true);
    await expectEachAcceptedOnce(producer.accepted);
  });

  it('spills publishes to the outbox while the broker is down (none refused), then delivers every one once', async () => {
    const queue = 'restart_spill';
    const messaging = await bed.start(
      { [queue]: { slaMs: 10_000 } },
      {
        rabbitmq: {
          spillToOutbox: true,
          reconnect: { minDelayMs: 100, maxDelayMs: 1_000 },
          confirmTimeoutMs: 5_000,
          outbox: { pollIntervalMs: 500 },
        },
      },
    );
    await recordEffects(messaging, queue);
    const producer = new RetryingProducer(messaging, queue);
    await restartBrokerWhile(producer);
    expect(producer.refusals).toEqual([]);
    const spilled = await bed.store.sql.query(`SELECT count(*)::int AS n FROM ${bed.store.table('outbox')} WHERE aggregatetype = $1`, [
      queue,
    ]);
    expect(spilled.rows[0].n).toBeGreaterThan(0);
    await expectEachAcceptedOnce(producer.accepted);
  });
});
