import type { INestApplication } from '@nestjs/common';
import { waitFor } from '@tenaz/test-kit';
import { lastValueFrom } from 'rxjs';
import type { MessagingOptions } from '../../src';
import { TenazClient, TenazRecord } from '../../src/microservices';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { delivered, startOrdersApp } from './readme-example';

/** The README's microservices example runs as written: a hybrid app consumes what a TenazClient emits. */
describe('README example: Tenaz behind @nestjs/microservices', () => {
  let store: TestSchema;
  let app: INestApplication | undefined;
  let client: TenazClient | undefined;

  beforeAll(async () => {
    store = await createTestSchema('readme_micro');
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await store?.drop();
  });

  it('connectMicroservice({ strategy: new TenazServer(...) }) handles what client.emit published', async () => {
    const messaging: MessagingOptions = {
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: { orders: { slaMs: 10_000 } },
      logger: quietLogger(),
    };
    app = await startOrdersApp(messaging);
    client = new TenazClient({ messaging });

    const result = await lastValueFrom(
      client.emit('orders', new TenazRecord({ orderId: 'A-1' }, { type: 'order.placed', options: { priority: 1 } })),
    );
    expect(result).toMatchObject({ status: 'delivered' });
    await waitFor(() => delivered.length === 1, { description: 'the order event handled' });
    expect(delivered).toEqual([{ orderId: 'A-1', attempt: 1 }]);
  });
});
