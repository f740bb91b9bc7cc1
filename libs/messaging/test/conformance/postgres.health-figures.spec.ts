import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { describeHealthFigures } from './health-figures.suite';

let store: TestSchema;

describeHealthFigures({
  transport: 'postgres',
  async setUp() {
    store = await createTestSchema('health_figures');
  },
  tearDown: () => store.drop(),
  options: (queues) => ({
    postgres: { connectionString: store.connectionString, schema: store.schema },
    queues: Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, { ...queue, transport: 'postgres' }])),
    logger: quietLogger(),
  }),
  database: () => ({ connectionString: store.connectionString, schema: store.schema }),
});
