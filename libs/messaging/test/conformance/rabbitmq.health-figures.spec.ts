import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { describeHealthFigures } from './health-figures.suite';
import { TestVhost, createTestVhost } from '@tenaz/test-kit';

let store: TestSchema;
let vhost: TestVhost;

describeHealthFigures({
  transport: 'rabbitmq',
  async setUp() {
    [store, vhost] = await Promise.all([createTestSchema('health_figures_rmq'), createTestVhost('health_figures')]);
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
