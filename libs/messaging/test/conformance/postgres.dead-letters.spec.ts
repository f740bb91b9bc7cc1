import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { describeDeadLetterOperations } from './dead-letter-operations.suite';

let store: TestSchema;

describeDeadLetterOperations({
  transport: 'postgres',
  async setUp() {
    store = await createTestSchema('dl_ops_pg');
  },
  tearDown: () => store.drop(),
  options: (queues) => ({
    postgres: { connectionString: store.connectionString, schema: store.schema },
    queues: Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, { ...queue, transport: 'postgres' }])),
    logger: quietLogger(),
  }),
  database: () => ({ connectionString: store.connectionString, schema: store.schema }),
});
