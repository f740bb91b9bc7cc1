import { connect, ChannelModel } from 'amqplib';
import { Client } from 'pg';
import { createMessaging, Messaging, MessagingOptions, QueueOptions } from '../../src';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { quietLogger } from '../helpers/quiet-logger';
import { TestVhost, createTestVhost } from '@tenaz/test-kit';

type RabbitMqInput = NonNullable<MessagingOptions['rabbitmq']>;

/** Options a test sets beyond the bed's connections; the RabbitMQ URL comes from the bed. */
export type TestBedOptions = Omit<Partial<MessagingOptions>, 'rabbitmq'> & { rabbitmq?: Omit<RabbitMqInput, 'url'> };

/**
 * What a RabbitMQ test file works in: its own PostgreSQL schema and RabbitMQ vhost, a raw amqplib
 * connection to look at the broker behind the library's back, a pg client into the schema for the
 * outbox's transactions and checks, and the messaging instances it started (all closed by `closeAll`).
 */
export interface RabbitMqTestBed {
  store: TestSchema;
  vhost: TestVhost;
  /** A plain amqplib connection into the vhost, for assertions and fault injection. */
  amqp: ChannelModel;
  /** A plain pg client into the database, for the caller's transactions and assertions. */
  sql: Client;
  /** Runs `write` in a transaction on `sql`, committed, or rolled back when it throws. */
  inTransaction(write: (client: Client) => Promise<unknown>): Promise<void>;
  /** Starts an instance with these queues on RabbitMQ; `extra` overrides the rest of the options. */
  start(queues: Record<string, QueueOptions>, extra?: TestBedOptions): Promise<Messaging>;
  closeAll(): Promise<void>;
  drop(): Promise<void>;
}

export async function createRabbitMqTestBed(label: string): Promise<RabbitMqTestBed> {
  const [store, vhost] = await Promise.all([createTestSchema(label), createTestVhost(label)]);
  const amqp = await connect(vhost.url);
  amqp.on('error', () => undefined);
  const sql = new Client({ connectionString: store.connectionString });
  await sql.connect();
  const running: Messaging[] = [];
  return {
    store,
    vhost,
    amqp,
    sql,
    async inTransaction(write) {
      await sql.query('BEGIN');
      try {
        await write(sql);
        await sql.query('COMMIT');
      } catch (error) {
        await sql.query('ROLLBACK');
        throw error;
      }
    },
    async start(queues, extra = {}) {
      const { rabbitmq, ...rest } = extra;
      const messaging = await createMessaging({
        postgres: { connectionString: store.connectionString, schema: store.schema },
        rabbitmq: { url: vhost.url, ...rabbitmq },
        queues: Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, { transport: 'rabbitmq', ...queue }])),
        logger: quietLogger(),
        ...rest,
      });
      running.push(messaging);
      return messaging;
    },
    async closeAll() {
      await Promise.all(running.splice(0).map((messaging) => messaging.close()));
    },
    async drop() {
      await amqp.close().catch(() => undefined);
      await sql.end().catch(() => undefined);
      await Promise.all([store.drop(), vhost.drop()]);
    },
  };
}
