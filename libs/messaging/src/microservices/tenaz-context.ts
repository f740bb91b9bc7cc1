import { BaseRpcContext } from '@nestjs/microservices';
import type { HandlerContext, Message } from '../model/message';

/**
 * The `@Ctx()` of a handler served by `TenazServer`: the whole Tenaz message (id, type, attempt,
 * priority, correlation id, headers, …), the abort signal of a stopping consumer and, with an
 * inbox, the transaction to write the handler's effects in.
 */
export class TenazContext<TTransaction = unknown> extends BaseRpcContext<[Message, HandlerContext<TTransaction>]> {
  /** The message as Tenaz delivered it; `getMessage().payload` is the handler's data. */
  getMessage(): Message {
    return this.args[0];
  }

  /** The queue, which is also the pattern the handler was chosen by. */
  getPattern(): string {
    return this.args[0].queue;
  }

  /** Aborted when the consumer stops and its drain timeout has passed. */
  getSignal(): AbortSignal {
    return this.args[1].signal;
  }

  /** With an inbox (`@EventPattern(queue, { inbox })`): the inbox's transaction; otherwise undefined. */
  getTransaction(): TTransaction | undefined {
    return this.args[1].transaction;
  }
}
