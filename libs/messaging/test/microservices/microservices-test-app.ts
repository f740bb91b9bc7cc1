import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { TenazContext, TenazServer, TenazServerOptions } from '../../src/microservices';

/** What the test's handler does with each message; set per test. */
export type Behaviour = (payload: unknown, context: TenazContext) => Promise<unknown> | unknown;

/** Records every call and delegates to the current behaviour. */
export const orders = {
  behaviour: (() => undefined) as Behaviour,
  calls: [] as { payload: unknown; id: string; type: string; attempt: number }[],
};

@Controller()
class OrdersHandler {
  @EventPattern('orders', { concurrency: 4 })
  handle(@Payload() payload: unknown, @Ctx() context: TenazContext): Promise<unknown> | unknown {
    const message = context.getMessage();
    orders.calls.push({ payload, id: message.id, type: message.type, attempt: message.attempt });
    return orders.behaviour(payload, context);
  }
}

@Module({ controllers: [OrdersHandler] })
class OrdersModule {}

@Controller()
class QuoteHandler {
  @MessagePattern('orders')
  quote(@Payload() payload: unknown): unknown {
    return payload;
  }
}

@Module({ controllers: [QuoteHandler] })
class RequestResponseModule {}

@Controller()
class ParcelsHandler {
  @EventPattern('parcels')
  handle(): void {
    return undefined;
  }
}

@Module({ controllers: [ParcelsHandler] })
class UnknownQueueModule {}

const MODULES = { orders: OrdersModule, requestResponse: RequestResponseModule, unknownQueue: UnknownQueueModule };

/** A Nest microservice on `TenazServer`, listening. */
export async function startMicroservice(options: TenazServerOptions, module: keyof typeof MODULES = 'orders'): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(MODULES[module], { strategy: new TenazServer(options), logger: false });
  try {
    await app.listen();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
