/**
 * A tiny Nest application run as a child process by sigterm.spec.ts: it consumes one queue with
 * `enableShutdownHooks()`, publishes one message, and its handler finishes only after the process
 * has received SIGTERM. Reports what happens as JSON lines on stdout.
 * Environment: TENAZ_TEST_DATABASE_URL, TEST_SCHEMA, TEST_INSTANCE_ID.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Message, Publisher } from '../../src';
import { MessagingModule, OnMessage } from '../../src/nest';
import { quietLogger } from '../helpers/quiet-logger';

const report = (event: string, messageId?: string): void => void process.stdout.write(`${JSON.stringify({ event, messageId })}\n`);

// `once`: after Nest's own listener has closed the app it re-sends SIGTERM to the process, which
// must then find no listener left and terminate.
const terminated = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));

@Injectable()
class SlowHandler {
  @OnMessage('slow_jobs')
  async handle(message: Message): Promise<'ack'> {
    report('started', message.id);
    await terminated;
    // Keeps working for a while after the signal, as a real handler caught mid-way would.
    await new Promise((resolve) => setTimeout(resolve, 200));
    report('finished', message.id);
    return 'ack';
  }
}

@Module({
  imports: [
    MessagingModule.forRoot({
      messaging: {
        postgres: { connectionString: process.env['TENAZ_TEST_DATABASE_URL'] as string, schema: process.env['TEST_SCHEMA'] as string },
        queues: { slow_jobs: { slaMs: 10_000 } },
        instanceId: process.env['TEST_INSTANCE_ID'],
        logger: quietLogger(),
      },
    }),
  ],
  providers: [SlowHandler],
})
class SigtermAppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(SigtermAppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.init();
  const { messageId } = await app.get(Publisher).publish({ queue: 'slow_jobs', type: 'job', payload: {} });
  report('published', messageId);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
