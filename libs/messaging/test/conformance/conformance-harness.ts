import { createTestVhost, TestVhost } from '@tenaz/test-kit';
import type { MessagingOptions, QueueOptions, TransportName } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';

/**
 * What the conformance suite needs from a transport under test. One harness per transport; each
 * test file that runs the suite gets an isolated store (a PostgreSQL schema, a RabbitMQ vhost).
 */
export interface ConformanceHarness {
  transport: TransportName;
  /** Creates the isolated store (schema, vhost). */
  setUp(): Promise<void>;
  /** Drops it. */
  tearDown(): Promise<void>;
  /** Options for `createMessaging` with these queues, all on the transport under test. */
  options(queues: Record<string, QueueOptions>): MessagingOptions;
  /** Where application tables for transactional tests live. */
  database(): { connectionString: string; schema: string };
}

/** All `queues` on `transport`. */
function onTransport(queues: Record<string, QueueOptions>, transport: TransportName): Record<string, QueueOptions> {
  return Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, { ...queue, transport }]));
}

/** A harness on the PostgreSQL transport, in a schema of its own named after `label`. */
export function postgresHarness(label: string): ConformanceHarness {
  let store: TestSchema;
  return {
    transport: 'postgres',
    async setUp() {
      store = await createTestSchema(label);
    },
    tearDown: () => store.drop(),
    options: (queues) => ({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      queues: onTransport(queues, 'postgres'),
      logger: quietLogger(),
    }),
    database: () => ({ connectionString: store.connectionString, schema: store.schema }),
  };
}

/** A harness on the RabbitMQ transport, in a vhost and a schema (its outbox and statistics) of its own. */
export function rabbitmqHarness(label: string): ConformanceHarness {
  let store: TestSchema;
  let vhost: TestVhost;
  return {
    transport: 'rabbitmq',
    async setUp() {
      [store, vhost] = await Promise.all([createTestSchema(`${label}_rmq`), createTestVhost(label)]);
    },
    tearDown: async () => {
      await Promise.all([store.drop(), vhost.drop()]);
    },
    options: (queues) => ({
      postgres: { connectionString: store.connectionString, schema: store.schema },
      rabbitmq: { url: vhost.url },
      queues: onTransport(queues, 'rabbitmq'),
      logger: quietLogger(),
    }),
    database: () => ({ connectionString: store.connectionString, schema: store.schema }),
  };
}
