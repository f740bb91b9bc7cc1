import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { describeTransportConformance } from './conformance.suite';
import { TestVhost, createTestVhost } from '@tenaz/test-kit';

let store: TestSchema;
let vhost: TestVhost;

describeTransportConformance({
  transport: 'rabbitmq',
  async setUp() {
    [store, vhost] = await Promise.all([createTestSchema('conformance_rmq'), createTestVhost('conformance')]);
  },
  tearDown: async () => {
    await Promise.all([store.drop(), vhost.drop()]);
  },
  options: (queues) => ({
    postgres: { connectionString: store.connectionString, schema: store.schema },
    rabbitmq: { url: vhost.url },
    queues: Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, { ...queue, transport: 'rabbitmq' }])),
    logger: quietLogger(),
  }),
  database: () => ({ connectionString: store.connectionString, schema: store.schema }),
});
