// The README's "@tenaz/messaging behind @nestjs/microservices" example, as it runs in
// readme-example.spec.ts. In an application the two imports from '../../src…' read
// '@tenaz/messaging' and '@tenaz/messaging/microservices'.
import { Controller, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { MessagingOptions } from '../../src';
import { TenazContext, TenazServer } from '../../src/microservices';

/** What the handler delivered, for the test to read. */
export const delivered: { orderId: string; attempt: number }[] = [];

@Controller()
class OrderEventsHandler {
  // Acknowledged only when this resolves; a throw is retried by the queue's policy, then
  // dead-lettered; returning { deadLetter: reason } parks the message at once.
  @EventPattern('orders', { concurrency: 8 })
  async placed(@Payload() order: { orderId: string }, @Ctx() context: TenazContext): Promise<void> {
    delivered.push({ orderId: order.orderId, attempt: context.getMessage().attempt });
  }
}

@Module({ controllers: [OrderEventsHandler] })
class OrdersModule {}

/** An HTTP app that also consumes the `orders` queue through Tenaz. */
export async function startOrdersApp(messaging: MessagingOptions): Promise<INestApplication> {
  const app = await NestFactory.create(OrdersModule, { logger: false });
  app.connectMicroservice({ strategy: new TenazServer({ messaging }) });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  return app;
}
