import { Injectable, Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import {
  Consumer,
  HandlerContext,
  InvalidConfigurationError,
  Message,
  Messaging,
  Publisher,
  SqlExecutor,
  UnknownQueueError,
} from '../../src';
import { InjectMessaging, MESSAGING, MessagingModule, OnDeadLetter, OnMessage } from '../../src/nest';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { capturingNestLogger, compileNestApp, messageState, messagingOptionsFor, openConnections } from './nest-test-app';
import { waitFor } from '@tenaz/test-kit';

/** Stands in for an app's configuration module, so `forRootAsync` has something to import and inject. */
@Injectable()
class Settings {
  static schema: TestSchema;
  readonly instanceId = `nest-module-${randomUUID().slice(0, 8)}`;
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

@Injectable()
class ReceiptHandler {
  readonly received: Message<{ total: number }>[] = [];

  @OnMessage('receipts', { concurrency: 2 })
  async handle(message: Message<{ total: number }>): Promise<'ack'> {
    // `this` is the provider instance: the explorer binds the method.
    this.received.push(message);
    return 'ack';
  }
}

/** Lives in a module that does not import MessagingModule: the module is global. */
@Injectable()
class ReceiptSender {
  constructor(
    readonly publisher: Publisher,
    @InjectMessaging() readonly messaging: Messaging,
  ) {}
}

@Module({ providers: [ReceiptSender] })
class SalesModule {}

describe(MessagingModule.name, () => {
  let schema: TestSchema;
  let sql: Client;
  const apps: TestingModule[] = [];

  beforeAll(async () => {
    schema = await createTestSchema('nest_module');
    sql = schema.sql;
    Settings.schema = schema;
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  afterAll(async () => {
    await schema.drop();
  });

  it('delivers a published message to an @OnMessage handler (forRootAsync with imports and inject)', async () => {
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRootAsync({
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: (settings: Settings) => ({
            messaging: messagingOptionsFor(Settings.schema, { receipts: { slaMs: 30_000 } }, settings.instanceId),
          }),
        }),
        SalesModule,
      ],
      providers: [ReceiptHandler],
    });
    apps.push(await app.init());

    const sender = app.get(ReceiptSender);
    const result = await sender.publisher.publish({ queue: 'receipts', type: 'receipt.issued', payload: { total: 42 } });
    expect(result.status).toBe('delivered');

    const handler = app.get(ReceiptHandler);
    const message = await waitFor(() => handler.received[0], { description: 'the handler to receive the message' });
    expect(message).toMatchObject({ id: result.messageId, queue: 'receipts', type: 'receipt.issued', payload: { total: 42 }, attempt: 1 });
    await waitFor(async () => (await messageState(schema, result.messageId)) === 'acknowledged', {
      description: 'the message to be acknowledged',
    });
    expect(handler.received).toHaveLength(1);
  });

  it('exports one Messaging instance, its Publisher by class and the same through @InjectMessaging()', async () => {
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(schema, { ledger: { slaMs: 5_000 } }, `nest-exports-${randomUUID().slice(0, 8)}`),
        }),
        SalesModule,
      ],
    });
    apps.push(await app.init());

    const messaging = app.get<Messaging>(MESSAGING);
    const sender = app.get(ReceiptSender);
    expect(sender.messaging).toBe(messaging);
    expect(app.get(Publisher)).toBe(messaging.publisher);
    expect(sender.publisher).toBe(messaging.publisher);
    expect([...messaging.queues.keys()]).toEqual(['ledger']);
  });

  it('starts no consumer with consume: false (a publish-only process)', async () => {
    const consume = jest.spyOn(Consumer.prototype, 'consume');
    try {
      const app = await compileNestApp({
        imports: [
          MessagingModule.forRoot({
            messaging: messagingOptionsFor(schema, { receipts: { slaMs: 30_000 } }, `nest-publish-only-${randomUUID().slice(0, 8)}`),
            consume: false,
          }),
        ],
        providers: [ReceiptHandler],
      });
      apps.push(await app.init());
      expect(consume).not.toHaveBeenCalled();
    } finally {
      consume.mockRestore();
    }
  });

  it('consumes several queues with one method when @OnMessage is stacked', async () => {
    @Injectable()
    class AuditHandler {
      readonly seen: string[] = [];

      @OnMessage('audit_a')
      @OnMessage('audit_b')
      handle(message: Message): void {
        this.seen.push(message.queue);
      }
    }
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(
            schema,
            { audit_a: { slaMs: 5_000 }, audit_b: { slaMs: 5_000 } },
            `nest-stacked-${randomUUID().slice(0, 8)}`,
          ),
        }),
      ],
      providers: [AuditHandler],
    });
    apps.push(await app.init());

    const publisher = app.get(Publisher);
    await publisher.publishMany([
      { queue: 'audit_a', type: 'a', payload: {} },
      { queue: 'audit_b', type: 'b', payload: {} },
    ]);
    const handler = app.get(AuditHandler);
    await waitFor(() => handler.seen.length === 2, { description: 'both queues to be handled' });
    expect(handler.seen.sort()).toEqual(['audit_a', 'audit_b']);
  });

  it("runs an inbox handler in the library's own pg transaction when the module has no inboxTransaction", async () => {
    @Injectable()
    class InvoiceHandler {
      readonly ownRecordSeen: number[] = [];

      @OnMessage('invoices', { inbox: 'invoices.file' })
      async handle(message: Message, context: HandlerContext<SqlExecutor>): Promise<void> {
        // The inbox record is not committed yet: only its own transaction can see it.
        const result = (await (context.transaction as SqlExecutor).query(
          `SELECT count(*)::int AS n FROM ${Settings.schema.table('inbox')} WHERE consumer_name = 'invoices.file' AND message_id = $1`,
          [message.id],
        )) as { rows: { n: number }[] };
        this.ownRecordSeen.push(result.rows[0].n);
      }
    }
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(schema, { invoices: { slaMs: 5_000 } }, `nest-own-tx-${randomUUID().slice(0, 8)}`),
        }),
      ],
      providers: [InvoiceHandler],
    });
    apps.push(await app.init());

    const { messageId } = await app.get(Publisher).publish({ queue: 'invoices', type: 'invoice.filed', payload: {} });
    await waitFor(async () => (await messageState(schema, messageId)) === 'acknowledged', { description: 'the invoice to be handled' });
    expect(app.get(InvoiceHandler).ownRecordSeen).toEqual([1]);
  });

  it('fails startup with UnknownQueueError for a handler of an unknown queue, and leaves no connection open', async () => {
    @Injectable()
    class TypoHandler {
      @OnMessage('reciepts')
      handle(): void {
        throw new Error('never called');
      }
    }
    const instanceId = `nest-unknown-${randomUUID().slice(0, 8)}`;
    const logger = capturingNestLogger();
    const app = await compileNestApp(
      {
        imports: [MessagingModule.forRoot({ messaging: messagingOptionsFor(schema, { receipts: { slaMs: 30_000 } }, instanceId) })],
        providers: [ReceiptHandler, TypoHandler],
      },
      logger,
    );
    expect(await openConnections(sql, instanceId)).toBeGreaterThan(0);

    // Not closed afterwards: Nest's close() rethrows a failed init and runs no hooks, which is why
    // the module closes messaging itself when bootstrap fails.
    const consume = jest.spyOn(Consumer.prototype, 'consume');
    const failure = await app.init().then(
      () => undefined,
      (error: unknown) => error,
    );
    consume.mockRestore();
    expect(failure).toBeInstanceOf(UnknownQueueError);
    expect(failure).toMatchObject({ code: 'UNKNOWN_QUEUE', queue: 'reciepts' });
    expect(logger.lines.join('\n')).toContain('TypoHandler.handle consumes "reciepts"');
    // Every handler is checked before any starts: the valid ReceiptHandler never consumed.
    expect(consume).not.toHaveBeenCalled();
    await waitFor(async () => (await openConnections(sql, instanceId)) === 0, { description: 'the messaging pool to close' });
  });

  it('fails startup with InvalidConfigurationError naming both handlers when two consume one queue', async () => {
    @Injectable()
    class SecondReceiptHandler {
      @OnMessage('receipts')
      handle(): void {
        throw new Error('never called');
      }
    }
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(schema, { receipts: { slaMs: 30_000 } }, `nest-duplicate-${randomUUID().slice(0, 8)}`),
        }),
      ],
      providers: [ReceiptHandler, SecondReceiptHandler],
    });

    const failure = await app.init().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InvalidConfigurationError);
    expect((failure as InvalidConfigurationError).problems).toEqual([
      'queue "receipts" has two @OnMessage handlers (ReceiptHandler.handle and SecondReceiptHandler.handle); a queue has one handler per application',
    ]);
  });

  it('rejects @OnMessage on a request-scoped provider at startup', async () => {
    const { Scope } = await import('@nestjs/common');
    @Injectable({ scope: Scope.REQUEST })
    class PerRequestHandler {
      @OnMessage('receipts')
      handle(): void {
        throw new Error('never called');
      }
    }
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(schema, { receipts: { slaMs: 30_000 } }, `nest-scoped-${randomUUID().slice(0, 8)}`),
        }),
      ],
      providers: [PerRequestHandler],
    });

    const failure = await app.init().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InvalidConfigurationError);
    expect((failure as InvalidConfigurationError).problems[0]).toContain(
      'PerRequestHandler: @OnMessage and @OnDeadLetter must be on a singleton provider',
    );
  });

  it('tells the @OnDeadLetter method of the same provider of each dead letter, with the provider as `this`', async () => {
    @Injectable()
    class RefundHandler {
      readonly dead: { id: string; reason: string; error: string | null }[] = [];

      @OnMessage('refunds')
      handle(message: Message<{ valid: boolean }>): 'ack' | { deadLetter: string } {
        return message.payload.valid ? 'ack' : { deadLetter: 'refund without an order' };
      }

      @OnDeadLetter('refunds')
      deadLettered(message: Message, deadLetter: { reason: string; error: string | null }): void {
        this.dead.push({ id: message.id, ...deadLetter });
      }
    }
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(schema, { refunds: { slaMs: 30_000 } }, `nest-dead-${randomUUID().slice(0, 8)}`),
        }),
      ],
      providers: [RefundHandler],
    });
    apps.push(await app.init());

    const publisher = app.get(Publisher);
    const valid = await publisher.publish({ queue: 'refunds', type: 'refund', payload: { valid: true } });
    const invalid = await publisher.publish({ queue: 'refunds', type: 'refund', payload: { valid: false } });
    const handler = app.get(RefundHandler);
    await waitFor(() => handler.dead.length === 1, { description: 'the dead-letter hook' });
    await waitFor(async () => (await messageState(schema, valid.messageId)) === 'acknowledged', {
      description: 'the valid refund acknowledged',
    });
    expect(handler.dead).toEqual([{ id: invalid.messageId, reason: 'refund without an order', error: null }]);
  });

  it('rejects an @OnDeadLetter method without an @OnMessage method of its queue on the same provider', async () => {
    @Injectable()
    class OrphanHook {
      @OnDeadLetter('receipts')
      deadLettered(): void {
        throw new Error('never called');
      }
    }
    const app = await compileNestApp({
      imports: [
        MessagingModule.forRoot({
          messaging: messagingOptionsFor(schema, { receipts: { slaMs: 30_000 } }, `nest-orphan-${randomUUID().slice(0, 8)}`),
        }),
      ],
      providers: [ReceiptHandler, OrphanHook],
    });

    const failure = await app.init().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InvalidConfigurationError);
    expect((failure as InvalidConfigurationError).problems).toEqual([
      "OrphanHook.deadLettered: @OnDeadLetter('receipts') needs an @OnMessage('receipts') method on the same provider",
    ]);
  });
});
