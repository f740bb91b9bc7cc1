import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { Message, Messaging, MessagingClosedError, Publisher } from '../../src';
import { MESSAGING, MessagingModule, OnMessage } from '../../src/nest';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { compileNestApp, messageState, messageStatus, messagingOptionsFor, openConnections } from './nest-test-app';
import { waitFor } from '@tenaz/test-kit';

@Entity({ name: 'shipped_orders' })
class ShippedOrder {
  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId!: string;

  @Column('text')
  reference!: string;
}

@Injectable()
class ShippingHandler {
  constructor(private readonly dataSource: DataSource) {}

  readonly started: string[] = [];
  readonly finished: string[] = [];
  private openGate!: () => void;
  /** Handlers wait here: the test decides when the running one may finish. */
  readonly gate = new Promise<void>((resolve) => (this.openGate = resolve));

  release(): void {
    this.openGate();
  }

  @OnMessage('shipping', { concurrency: 1, prefetch: 5 })
  async handle(message: Message<{ reference: string }>): Promise<'ack'> {
    this.started.push(message.id);
    await this.gate;
    // Runs after shutdown began: the DataSource must still take new work (draining precedes TypeORM's shutdown).
    await this.dataSource.getRepository(ShippedOrder).insert({ messageId: message.id, reference: message.payload.reference });
    this.finished.push(message.id);
    return 'ack';
  }
}

describe(`${MessagingModule.name} shutdown`, () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await createTestSchema('nest_shutdown');
    await schema.sql.query(`CREATE SCHEMA ${schema.schema}`);
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('drains the running handler (it finishes, its message acked), releases buffered ones, then closes', async () => {
    const instanceId = `nest-shutdown-${randomUUID().slice(0, 8)}`;
    const app: TestingModule = await compileNestApp({
      imports: [
        // Imported after MessagingModule: Nest runs onApplicationShutdown on global modules in reverse
        // registration order, so TypeORM destroys its DataSource there before MessagingModule's hook.
        MessagingModule.forRoot({ messaging: messagingOptionsFor(schema, { shipping: { slaMs: 10_000 } }, instanceId) }),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: schema.connectionString,
          schema: schema.schema,
          entities: [ShippedOrder],
          synchronize: true,
          retryAttempts: 0,
        }),
      ],
      providers: [ShippingHandler],
    });
    // Published before consumers start, so the first claim takes all three: one runs, two wait in the buffer.
    const publisher = app.get(Publisher);
    const [running, ...buffered] = await publisher.publishMany([
      { queue: 'shipping', type: 'order.ship', payload: { reference: 'A-1' }, options: { priority: 2 } },
      { queue: 'shipping', type: 'order.ship', payload: { reference: 'B-2' } },
      { queue: 'shipping', type: 'order.ship', payload: { reference: 'C-3' } },
    ]);
    await app.init();
    const handler = app.get(ShippingHandler);
    const messaging = app.get<Messaging>(MESSAGING);
    const dataSource = app.get(DataSource);

    await waitFor(() => handler.started.length === 1, { description: 'the first handler to start' });
    expect(handler.started).toEqual([running.messageId]);
    for (const { messageId } of buffered) {
      await waitFor(async () => (await messageStatus(schema, messageId)) === 'processing', {
        description: `buffered message ${messageId} to be claimed`,
      });
    }

    const closing = app.close();
    for (const { messageId } of buffered) {
      await waitFor(async () => (await messageStatus(schema, messageId)) === 'pending', {
        description: `buffered message ${messageId} to be released`,
      });
    }
    // Released while the running handler still runs: it is neither finished nor given up.
    expect(handler.finished).toEqual([]);
    expect(await messageState(schema, running.messageId)).toEqual({ status: 'processing', attempts: 1 });

    handler.release();
    await closing;

    expect(handler.finished).toEqual([running.messageId]);
    expect(await messageState(schema, running.messageId)).toBe('acknowledged');
    const { rows } = await schema.sql.query(`SELECT reference FROM ${schema.table('shipped_orders')}`);
    expect(rows).toEqual([{ reference: 'A-1' }]);
    // Released claims do not count as attempts; the buffered messages were never started.
    for (const { messageId } of buffered) {
      expect(await messageState(schema, messageId)).toEqual({ status: 'pending', attempts: 0 });
    }
    expect(handler.started).toEqual([running.messageId]);
    await expect(messaging.ping()).rejects.toBeInstanceOf(MessagingClosedError);
    expect(dataSource.isInitialized).toBe(false);
    await waitFor(async () => (await openConnections(schema.sql, instanceId)) === 0, { description: 'the messaging pool to close' });
  });
});
