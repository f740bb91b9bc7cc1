import { DEAD_LETTER_REASONS, Message } from '../../src';
import { RabbitMqTransport } from '../../src/transports/rabbitmq/rabbitmq.transport';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';
import { waitFor } from '@tenaz/test-kit';

describe(`${RabbitMqTransport.name}: delays and dead letters`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('dlx');
  });
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  it('retries through the delay ladder of TTL queues, never before the delay, then dead-letters', async () => {
    const queue = 'ladder';
    // Every retry through the ladder (none held in the consumer).
    const messaging = await bed.start(
      { [queue]: { slaMs: 30_000, retry: { backoff: 'linear', maxRetries: 2, baseDelayMs: 300, maxDelayMs: 5_000 } } },
      { rabbitmq: { holdRetriesUpToMs: 0 } },
    );
    const attempts: { attempt: number; at: number }[] = [];
    await messaging.consumer.consume(queue, async (message) => {
      attempts.push({ attempt: message.attempt, at: Date.now() });
      throw new Error(`still failing on attempt ${message.attempt}`);
    });
    const { messageId } = await messaging.publisher.publish({ queue, type: 'sms', payload: {} });
    // While it waits for its retry, the message is in a delay queue, not in its work queue.
    await waitFor(() => attempts.length === 1, { description: 'the first attempt' });
    const channel = await bed.amqp.createChannel();
    await waitFor(
      async () => (await channel.checkQueue('tenaz.delay.8')).messageCount + (await channel.checkQueue('tenaz.delay.5')).messageCount > 0,
      {
        intervalMs: 5,
        description: 'the retry in the ladder (300 ms waits as 256 + 32 + 16 ms)',
      },
    );
    await channel.close();
    const [dead] = await waitFor(
      async () => {
        const letters = await messaging.deadLetters.list(queue);
        return letters.length === 1 ? letters : undefined;
      },
      { description: 'the dead letter' },
    );
    expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(300);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(600);
    expect(dead).toMatchObject({
      id: messageId,
      attempts: 3,
      reason: DEAD_LETTER_REASONS.retriesExhausted,
      lastError: 'Error: still failing on attempt 3',
    });
  });

  it('parks dead letters in the queue dead-letter queue with their error, attempts and original headers', async () => {
    const queue = 'parked';
    const messaging = await bed.start({
      [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 1, baseDelayMs: 20, maxDelayMs: 20 } },
    });
    await messaging.consumer.consume(queue, async () => {
      throw new Error('provider answered 503');
    });
    const { messageId } = await messaging.publisher.publish(
      { queue, type: 'email', payload: { template: 'eta' } },
      { tenantId: 'acme', headers: { campaign: 'spring' } },
    );
    await waitFor(async () => (await messaging.health(queue)).deadLettered === 1, { description: 'the dead letter' });

    const channel = await bed.amqp.createChannel();
    const raw = await channel.get(`tenaz.${queue}.dead`, { noAck: false });
    if (raw === false) {
      throw new Error('the dead-letter queue is empty');
    }
    expect(raw.properties.messageId).toBe(messageId);
    expect(raw.properties.headers).toMatchObject({
      campaign: 'spring',
      'x-tenaz-tenant-id': 'acme',
      'x-tenaz-dead-letter-reason': DEAD_LETTER_REASONS.retriesExhausted,
      'x-tenaz-dead-letter-attempts': 2,
      'x-tenaz-last-error': 'Error: provider answered 503',
    });
    expect(JSON.parse(raw.content.toString())).toEqual({ template: 'eta' });
    await channel.close();

    expect(await messaging.deadLetters.purge(queue)).toBe(1);
    expect((await messaging.health(queue)).deadLettered).toBe(0);
  });

  it('dead-letters what is not a Tenaz message without running a handler', async () => {
    const queue = 'foreign';
    const messaging = await bed.start({ [queue]: { slaMs: 30_000 } });
    const ran: Message[] = [];
    await messaging.consumer.consume(queue, async (message) => void ran.push(message));
    const channel = await bed.amqp.createConfirmChannel();
    channel.sendToQueue(`tenaz.${queue}.p0`, Buffer.from('not json'), { messageId: 'legacy-1', persistent: true });
    channel.sendToQueue(`tenaz.${queue}.p0`, Buffer.from('{"no":"id"}'), { persistent: true });
    await channel.waitForConfirms();
    await channel.close();
    await waitFor(async () => (await messaging.health(queue)).deadLettered === 2, { description: 'both parked' });
    const probe = await messaging.publisher.publish({ queue, type: 'ours', payload: {} });
    await waitFor(() => ran.length === 1, { description: 'a Tenaz message after them' });
    expect(ran.map((message) => message.id)).toEqual([probe.messageId]);
  });
});
