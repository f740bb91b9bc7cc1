import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, Transport, type ClientProxy, type RmqOptions } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { BenchPayload } from '../../../core/workload';
import { SYSTEMS } from '../../catalog';
import type { QueueDriver, RunningConsumer, Sandbox } from '../../driver';
import { BENCH_EVENT } from './bench-events.controller';
import { BenchEventsModule } from './bench-events.module';

/**
 * `@nestjs/microservices`' RabbitMQ transport as a NestJS team first writes it: a ClientProxy
 * `emit` per message and an `@EventPattern` handler in a microservice, every option at its
 * default. Those defaults are what this measures: the queue is durable but messages are not
 * persistent (`persistent: false`), the server acknowledges on delivery (`noAck: true`: a message
 * is gone once sent to the consumer, handled or not), prefetch 0 (no limit), and the transport has
 * no concurrency setting (every event's handler starts as it arrives). No batch API: a batch is
 * 1,000 emits awaited together.
 */
export class NestRmqDriver implements QueueDriver {
  readonly system = SYSTEMS['nestjs-rmq'];
  private client?: ClientProxy;
  private options?: RmqOptions['options'];

  async setup(sandbox: Sandbox): Promise<void> {
    // The client logs its connections through Nest's static logger; the benchmark prints its own.
    Logger.overrideLogger(false);
    this.options = { urls: [sandbox.rabbitmqUrl], queue: `nest.${sandbox.queue}`, queueOptions: { durable: true } };
    this.client = ClientProxyFactory.create({ transport: Transport.RMQ, options: this.options });
    await this.client.connect();
  }

  async enqueueOne(message: BenchPayload): Promise<void> {
    await lastValueFrom(this.client!.emit(BENCH_EVENT, message), { defaultValue: undefined });
  }

  async enqueueBatch(messages: readonly BenchPayload[]): Promise<void> {
    await Promise.all(messages.map((message) => this.enqueueOne(message)));
  }

  async startConsumer(_concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer> {
    const app = await NestFactory.createMicroservice(BenchEventsModule.forHandler(onMessage), {
      transport: Transport.RMQ,
      options: this.options,
      logger: false,
    });
    await app.listen();
    return { stop: () => app.close() };
  }

  async teardown(): Promise<void> {
    await this.client?.close();
  }
}
