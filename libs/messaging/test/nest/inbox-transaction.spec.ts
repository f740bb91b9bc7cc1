import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Column, DataSource, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { HandlerContext, Message, Publisher } from '../../src';
import { MessagingModule, OnMessage } from '../../src/nest';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { compileNestApp, messageState, messagingOptionsFor } from './nest-test-app';
import { waitFor } from '@tenaz/test-kit';

/** The handler's business effect: one row per message it handled. */
@Entity({ name: 'ledger_entries' })
class LedgerEntry {
  @PrimaryColumn('uuid', { name: 'message_id' })
  messageId!: string;

  @Column('int')
  amount!: number;

  @Column('int')
  attempt!: number;
}

@Injectable()
class LedgerHandler {
  readonly runs: { messageId: string; attempt: number; manager: boolean; inTransaction: boolean }[] = [];
  /** Attempts that write their effect and then fail, to show the failure rolls it back. */
  failFirstAttemptOf = new Set<string>();

  @OnMessage('ledger', { concurrency: 4, inbox: 'ledger.record' })
  async handle(message: Message<{ amount: number }>, context: HandlerContext<EntityManager>): Promise<'ack'> {
    const manager = context.transaction as EntityManager;
    this.runs.push({
      messageId: message.id,
      attempt: message.attempt,
      manager: manager instanceof EntityManager,
      inTransaction: manager.queryRunner?.isTransactionActive === true,
    });
    await manager.insert(LedgerEntry, { messageId: message.id, amount: message.payload.amount, attempt: message.attempt });
    if (message.attempt === 1 && this.failFirstAttemptOf.has(message.id)) {
      throw new Error('provider timed out after the write');
    }
    return 'ack';
  }
}

describe(`${MessagingModule.name} inbox with a TypeORM transaction`, () => {
  let schema: TestSchema;
  let app: TestingModule;

  beforeAll(async () => {
    schema = await createTestSchema('nest_inbox');
    // TypeORM creates its table in the schema when the DataSource starts, before messaging migrates into it.
    await schema.sql.query(`CREATE SCHEMA ${schema.schema}`);
    app = await compileNestApp({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: schema.connectionString,
          schema: schema.schema,
          entities: [LedgerEntry],
          synchronize: true,
          retryAttempts: 0,
        }),
        MessagingModule.forRootAsync({
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => ({
            messaging: messagingOptionsFor(
              schema,
              // 100 ms backstop polls: a redelivery forced with SQL sends no NOTIFY.
              { ledger: { slaMs: 10_000, pollIntervalMs: 100, retry: { backoff: 'fixed', maxRetries: 3, baseDelayMs: 50 } } },
              `nest-inbox-${randomUUID().slice(0, 8)}`,
            ),
            inboxTransaction: (work) => dataSource.transaction((manager) => work(manager)),
          }),
        }),
      ],
      providers: [LedgerHandler],
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await schema.drop();
  });

  const ledgerEntries = async (messageId: string): Promise<{ amount: number; attempt: number }[]> =>
    (await schema.sql.query(`SELECT amount, attempt FROM ${schema.table('ledger_entries')} WHERE message_id = $1`, [messageId])).rows;

  it('hands the handler an EntityManager inside the transaction and applies a redelivered message once', async () => {
    const handler = app.get(LedgerHandler);
    const { messageId } = await app.get(Publisher).publish({ queue: 'ledger', type: 'ledger.credit', payload: { amount: 250 } });
    await waitFor(async () => (await messageState(schema, messageId)) === 'acknowledged', {
      description: 'the first delivery to be acknowledged',
    });
    expect(handler.runs.filter((run) => run.messageId === messageId)).toEqual([
      { messageId, attempt: 1, manager: true, inTransaction: true },
    ]);
    expect(await ledgerEntries(messageId)).toEqual([{ amount: 250, attempt: 1 }]);

    // A crash between the handler's commit and the ack: the message comes again, the inbox row stays.
    // Delayed, so it is certainly waiting when looked at, not already handled.
    await app.get(Publisher).publish({ queue: 'ledger', type: 'ledger.credit', payload: { amount: 250 } }, { messageId, delayMs: 500 });
    expect(await messageState(schema, messageId)).toMatchObject({ status: 'pending' });
    await waitFor(async () => (await messageState(schema, messageId)) === 'acknowledged', {
      description: 'the redelivery to be claimed and acknowledged',
    });
    expect(handler.runs.filter((run) => run.messageId === messageId)).toHaveLength(1);
    expect(await ledgerEntries(messageId)).toEqual([{ amount: 250, attempt: 1 }]);
  });

  it('rolls back the effect and the inbox record together when the handler fails, so the retry applies it', async () => {
    const handler = app.get(LedgerHandler);
    const messageId = randomUUID();
    handler.failFirstAttemptOf.add(messageId);
    await app.get(Publisher).publish({ queue: 'ledger', type: 'ledger.credit', payload: { amount: 7 } }, { messageId });

    await waitFor(async () => (await messageState(schema, messageId)) === 'acknowledged', { description: 'the retry to be acknowledged' });
    expect(handler.runs.filter((run) => run.messageId === messageId).map((run) => run.attempt)).toEqual([1, 2]);
    expect(await ledgerEntries(messageId)).toEqual([{ amount: 7, attempt: 2 }]);
  });
});
