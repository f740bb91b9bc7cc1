import type { INestMicroservice } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { createTestVhost, TestVhost, waitFor } from '@tenaz/test-kit';
import { lastValueFrom } from 'rxjs';
import {
  createMessaging,
  Messaging,
  MessagingOptions,
  RequestResponseUnsupportedError,
  ServerEventsUnsupportedError,
  UnknownQueueError,
} from '../../src';
import { TenazClient, TenazRecord, TenazServer } from '../../src/microservices';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { orders, startMicroservice } from './microservices-test-app';

const TRANSPORTS = ['postgres', 'rabbitmq'] as const;

describe(TenazServer.name, () => {
  describe.each(TRANSPORTS)('queue on %s', (transport) => {
    let store: TestSchema;
    let vhost: TestVhost | undefined;
    let options: MessagingOptions;
    let messaging: Messaging;
    let client: TenazClient;
    let app: INestMicroservice | undefined;

    beforeAll(async () => {
      store = await createTestSchema(`micro_${transport}`);
      vhost = transport === 'rabbitmq' ? await createTestVhost('micro') : undefined;
      options = {
        postgres: { connectionString: store.connectionString, schema: store.schema },
        ...(vhost ? { rabbitmq: { url: vhost.url } } : {}),
        queues: {
          orders: { slaMs: 10_000, transport, leaseMs: 1_000, retry: { backoff: 'fixed', maxRetries: 2, baseDelayMs: 50, maxDelayMs: 50 } },
        },
        logger: quietLogger(),
      };
      // The test's own view of the queue; the client and the server each open their own instance.
      messaging = await createMessaging(options);
      client = new TenazClient({ messaging: options });
    });

    afterEach(async () => {
      await app?.close();
      app = undefined;
      orders.calls.length = 0;
      orders.behaviour = () => undefined;
      await messaging.deadLetters.purge('orders');
    });

    afterAll(async () => {
      await client?.close();
      await messaging?.close();
      await store?.drop();
      await vhost?.drop();
    });

    it('emit resolves once the message is durable, before any consumer runs, and the @EventPattern handler gets it with its context', async () => {
      const result = await lastValueFrom(
        client.emit('orders', new TenazRecord({ sku: 'A-1' }, { type: 'order.placed', options: { priority: 2 } })),
      );
      expect(result).toMatchObject({ status: 'delivered' });
      await waitFor(async () => (await messaging.health('orders')).pending === 1, {
        description: 'the emitted message waiting in its queue',
      });

      app = await startMicroservice({ messaging: options });
      await waitFor(() => orders.calls.length === 1, { description: 'the handler called' });
      expect(orders.calls[0]).toEqual({ payload: { sku: 'A-1' }, id: result.messageId, type: 'order.placed', attempt: 1 });
      await waitFor(
        async () => {
          const health = await messaging.health('orders');
          return health.pending === 0 && health.processing === 0;
        },
        { description: 'the message acknowledged' },
      );
    });

    it('acknowledges only after the handler completes: a message whose handler never finished is delivered again', async () => {
      let release: () => void = () => undefined;
      const never = new Promise<void>((resolve) => (release = resolve));
      orders.behaviour = () => never;
      // A short drain, so closing gives up on the running handler at once.
      app = await startMicroservice({ messaging: options, consume: { drainTimeoutMs: 50 } });
      const { messageId } = await lastValueFrom(client.emit('orders', { sku: 'B-2' }));
      await waitFor(() => orders.calls.length === 1, { description: 'the handler running' });
      await app.close();

      orders.behaviour = () => undefined;
      app = await startMicroservice({ messaging: options });
      // Its lease (1 s) lapses on PostgreSQL; RabbitMQ requeues it when the channel closes.
      await waitFor(() => orders.calls.length === 2, { description: 'the unfinished message delivered again', timeoutMs: 15_000 });
      expect(orders.calls[1].id).toBe(messageId);
      await waitFor(
        async () => {
          const health = await messaging.health('orders');
          return health.pending === 0 && health.processing === 0;
        },
        { description: 'the second delivery acknowledged' },
      );
      release();
    });

    it('retries a handler that throws by the queue policy, then dead-letters it with the error', async () => {
      orders.behaviour = () => {
        throw new RpcException('warehouse API answered 503');
      };
      app = await startMicroservice({ messaging: options });
      const { messageId } = await lastValueFrom(client.emit('orders', { sku: 'C-3' }));
      const [letter] = await waitFor(
        async () => {
          const letters = await messaging.deadLetters.list('orders');
          return letters.length === 1 ? letters : undefined;
        },
        { description: 'the dead letter' },
      );
      expect(letter).toMatchObject({ id: messageId, attempts: 3, lastError: expect.stringContaining('warehouse API answered 503') });
      expect(orders.calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
    });

    it('parks a message at once when the handler returns { deadLetter }', async () => {
      orders.behaviour = () => ({ deadLetter: 'unknown SKU' });
      app = await startMicroservice({ messaging: options });
      const { messageId } = await lastValueFrom(client.emit('orders', { sku: 'nope' }));
      const [letter] = await waitFor(
        async () => {
          const letters = await messaging.deadLetters.list('orders');
          return letters.length === 1 ? letters : undefined;
        },
        { description: 'the dead letter' },
      );
      expect(letter).toMatchObject({ id: messageId, attempts: 1, reason: 'unknown SKU' });
      expect(orders.calls).toHaveLength(1);
    });

    it('refuses send() and @MessagePattern handlers with RequestResponseUnsupportedError', async () => {
      await expect(lastValueFrom(client.send('orders', { sku: 'D-4' }))).rejects.toBeInstanceOf(RequestResponseUnsupportedError);
      await expect(startMicroservice({ messaging: options }, 'requestResponse')).rejects.toBeInstanceOf(RequestResponseUnsupportedError);
      expect((await messaging.health('orders')).pending).toBe(0);
    });

    it('refuses server.on() with a typed error: connection state is in health() and ping()', () => {
      const server = new TenazServer({ messaging: options });
      expect(() => server.on()).toThrow(ServerEventsUnsupportedError);
    });

    it('refuses a handler of a queue that is not configured, and emit to one, naming the queue', async () => {
      await expect(startMicroservice({ messaging: options }, 'unknownQueue')).rejects.toBeInstanceOf(UnknownQueueError);
      await expect(lastValueFrom(client.emit('parcels', { id: 1 }))).rejects.toThrow(/unknown queue "parcels"/);
    });
  });
});
