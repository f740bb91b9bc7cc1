import { createMessaging, InvalidConfigurationError, TransportUnavailableError } from '../../src';
import { quietLogger } from '../helpers/quiet-logger';
import { RabbitMqTransport } from '../../src/transports/rabbitmq/rabbitmq.transport';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { rabbitmqctl, waitFor } from '@tenaz/test-kit';

describe(`${RabbitMqTransport.name}: confirmed publishing`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('publishing');
  });
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('refuses bad RabbitMQ options before connecting, and an unreachable broker with a typed error', async () => {
    // Typed loosely on purpose: the misspelt option must reach the library's own validation.
    const options = (rabbitmq: object): never =>
      ({
        postgres: { connectionString: bed.store.connectionString, schema: bed.store.schema },
        rabbitmq,
        queues: { unreachable: { slaMs: 10_000, transport: 'rabbitmq' as const } },
        logger: quietLogger(),
      }) as never;
    const invalid = createMessaging(options({ url: 'http://guest:secret-password@127.0.0.1:5672', heartbeatSecs: 5 }));
    await expect(invalid).rejects.toBeInstanceOf(InvalidConfigurationError);
    await expect(invalid).rejects.toMatchObject({
      problems: expect.arrayContaining([expect.stringMatching(/heartbeatSecs/), expect.stringMatching(/rabbitmq\.url: an amqp/)]),
    });
    await expect(invalid).rejects.not.toThrow(/secret-password/);
    // Port 1: nothing listens there, so the connection is refused at once.
    const refused = createMessaging(options({ url: 'amqp://guest:secret-password@127.0.0.1:1/' }));
    await expect(refused).rejects.toBeInstanceOf(TransportUnavailableError);
    await expect(refused).rejects.not.toThrow(/secret-password/);
  });

  it('resolves delivered once the broker holds the message, with the Tenaz id as AMQP message-id', async () => {
    const messaging = await bed.start({ props: { slaMs: 30_000 } });
    const result = await messaging.publisher.publish(
      { queue: 'props', type: 'whatsapp', payload: { parcel: 'TN-1' } },
      { priority: 2, correlationId: 'corr-7', tenantId: 'acme', countryCode: 'MX', headers: { source: 'api' } },
    );
    expect(result.status).toBe('delivered');

    // Asked right after the publish resolved, from another connection: it is there already.
    const channel = await bed.amqp.createChannel();
    expect((await channel.checkQueue('tenaz.props.p2')).messageCount).toBe(1);
    const raw = await channel.get('tenaz.props.p2', { noAck: true });
    await channel.close();
    if (raw === false) {
      throw new Error('the message is not in its queue');
    }
    expect(raw.properties).toMatchObject({
      messageId: result.messageId,
      correlationId: 'corr-7',
      type: 'whatsapp',
      priority: 2,
      deliveryMode: 2,
      contentType: 'application/json',
    });
    expect(raw.properties.headers).toMatchObject({
      source: 'api',
      'x-tenaz-tenant-id': 'acme',
      'x-tenaz-country-code': 'MX',
      'x-tenaz': expect.stringMatching(/^1,\d+,\d+,0,3,$/),
    });
    expect(JSON.parse(raw.content.toString())).toEqual({ parcel: 'TN-1' });
  });

  it('streams confirms: a thousand publishes in flight at once all resolve, and all are stored', async () => {
    const messaging = await bed.start({ stream: { slaMs: 30_000 } });
    const results = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => messaging.publisher.publish({ queue: 'stream', type: 't', payload: { i } })),
    );
    expect(results.filter((result) => result.status !== 'delivered')).toEqual([]);
    const channel = await bed.amqp.createChannel();
    expect((await channel.checkQueue('tenaz.stream.p0')).messageCount).toBe(1_000);
    await channel.close();
  });

  it('fails a publish that no queue takes (mandatory routing), and keeps publishing the rest', async () => {
    const messaging = await bed.start({ routed: { slaMs: 30_000 } });
    const channel = await bed.amqp.createChannel();
    await channel.deleteQueue('tenaz.routed.p0');
    await channel.close();

    const lost = await messaging.publisher.publish({ queue: 'routed', type: 't', payload: {} });
    expect(lost).toMatchObject({ status: 'failed', error: expect.stringMatching(/unroutable/) });
    const kept = await messaging.publisher.publish({ queue: 'routed', type: 't', payload: {} }, { priority: 1 });
    expect(kept.status).toBe('delivered');
  });

  it('reports a refusal by the broker (basic.nack) as failed, or spills to the outbox when configured', async () => {
    const queue = 'refusing';
    const strict = await bed.start({ [queue]: { slaMs: 30_000 } });
    const spilling = await bed.start(
      { [queue]: { slaMs: 30_000 } },
      {
        rabbitmq: { spillToOutbox: true, outbox: { retryBaseDelayMs: 50, retryMaxDelayMs: 200, maxAttempts: 1_000, pollIntervalMs: 100 } },
      },
    );
    // A policy that caps the queue at zero messages: the broker refuses every publish to it.
    await rabbitmqctl(
      'set_policy',
      '-p',
      bed.vhost.name,
      '--apply-to',
      'queues',
      'refuse',
      `^tenaz\\.${queue}\\.p0$`,
      '{"max-length":0,"overflow":"reject-publish"}',
    );
    try {
      const refused = await waitFor(
        async () => {
          const result = await strict.publisher.publish({ queue, type: 'probe', payload: {} });
          return result.status === 'failed' ? result : undefined;
        },
        { description: 'the policy to take effect' },
      );
      expect(refused.error).toMatch(/refused/);

      const spilled = await spilling.publisher.publish({ queue, type: 'kept', payload: { n: 1 } });
      expect(spilled.status).toBe('delivered');
      const row = await bed.store.sql.query(`SELECT status, aggregatetype, type FROM ${bed.store.table('outbox')} WHERE id = $1`, [
        spilled.messageId,
      ]);
      expect(row.rows).toEqual([{ status: 'pending', aggregatetype: queue, type: 'kept' }]);
    } finally {
      // Lifted by raising the cap: on RabbitMQ 3.10, clearing the policy leaves a quorum queue's
      // max-length in force (seen here: publishes kept being refused after clear_policy).
      await rabbitmqctl(
        'set_policy',
        '-p',
        bed.vhost.name,
        '--apply-to',
        'queues',
        'refuse',
        `^tenaz\\.${queue}\\.p0$`,
        '{"max-length":1000000}',
      );
    }
    const seen: string[] = [];
    await spilling.consumer.consume(queue, async (message) => void seen.push(message.type));
    await waitFor(() => seen.includes('kept'), { description: 'the spilled message, relayed once the queue takes messages again' });
  });
});
