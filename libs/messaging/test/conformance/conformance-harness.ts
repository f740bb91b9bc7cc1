import type { MessagingOptions, QueueOptions, TransportName } from '../../src';

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
