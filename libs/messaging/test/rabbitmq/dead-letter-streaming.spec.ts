import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DeadLetterBrowser } from '../../src/transports/rabbitmq/dead-letter-browser';
import { createRabbitMqTestBed, RabbitMqTestBed } from './rabbitmq-test-setup';

/** `gc()` without starting Node with --expose-gc: only dead buffers are collected, live ones are what the test measures. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MIB = 1024 * 1024;

describe(`${DeadLetterBrowser.name}: bounded memory`, () => {
  let bed: RabbitMqTestBed;

  beforeAll(async () => {
    bed = await createRabbitMqTestBed('dlq_stream');
  });
  afterEach(() => bed.closeAll());
  afterAll(() => bed.drop());

  /** Runs `work` while sampling the live buffer memory (after a collection) every few ms; returns its peak over the start. */
  async function peakBufferGrowth(work: () => Promise<unknown>): Promise<number> {
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let peak = before;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }, 5);
    try {
      await work();
    } finally {
      clearInterval(sampler);
    }
    return peak - before;
  }

  it('purges and replays by id through a dead-letter queue of 48 MiB holding a few bodies at a time, and gives the rest back in order', async () => {
    const queue = 'dlq_stream';
    const messaging = await bed.start({ [queue]: { slaMs: 30_000 } });
    const channel = await bed.amqp.createConfirmChannel();
    const ids = Array.from({ length: 48 }, () => randomUUID());
    const body = Buffer.from(JSON.stringify({ blob: 'x'.repeat(MIB) }));
    for (const id of ids) {
      channel.sendToQueue(`tenaz.${queue}.dead`, body, {
        messageId: id,
        type: 'big',
        persistent: true,
        headers: { 'x-tenaz-dead-letter-reason': 'test', 'x-tenaz-dead-letter-attempts': 1, 'x-tenaz-dead-lettered-at': Date.now() },
      });
    }
    await channel.waitForConfirms();
    await channel.close();

    const purgeGrowth = await peakBufferGrowth(async () => expect(await messaging.deadLetters.purge(queue, { ids: [ids[40]] })).toBe(1));
    const replayGrowth = await peakBufferGrowth(async () => expect(await messaging.deadLetters.replay(queue, { ids: [ids[45]] })).toBe(1));
    process.stdout.write(
      `dead-letter queue of ${ids.length} × 1 MiB: peak buffer growth purge ${(purgeGrowth / MIB).toFixed(1)} MiB, replay ${(replayGrowth / MIB).toFixed(1)} MiB\n`,
    );
    // A few bodies in flight (amqplib's frames, the one being decoded), not the 48 MiB queue.
    expect(purgeGrowth).toBeLessThan(12 * MIB);
    expect(replayGrowth).toBeLessThan(12 * MIB);

    // The rest is still there, in its order.
    const left = await messaging.deadLetters.list(queue, { limit: 100, offset: 0 });
    expect(left.map((letter) => letter.id)).toEqual(ids.filter((id) => id !== ids[40] && id !== ids[45]));
  });
});
