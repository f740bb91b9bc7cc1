import { CustomTransportStrategy, MessageHandler as NestMessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { ConsumeOptions, ConsumerHandle } from '../core/consumer';
import type { Messaging } from '../core/create-messaging';
import { InvalidPatternError, RequestResponseUnsupportedError, ServerEventsUnsupportedError, UnknownQueueError } from '../model/errors';
import type { HandlerContext, Message, ProcessResult } from '../model/message';
import { MessagingHolder, MessagingSource } from './messaging-source';
import { TenazContext } from './tenaz-context';
import { TENAZ_TRANSPORT } from './tenaz-transport';
import { toHandlerError, toProcessResult } from './to-process-result';

/** What `new TenazServer(options)` takes. */
export interface TenazServerOptions {
  /** A running `Messaging` (for instance `MessagingModule`'s, via `app.get(MESSAGING)`) or options for the server's own. */
  messaging: MessagingSource;
  /** Defaults for every handler's consumer; `@EventPattern(queue, extras)` overrides them per queue. */
  consume?: ConsumeOptions;
}

/**
 * Tenaz as a NestJS microservices transport: each `@EventPattern(queue)` handler consumes that
 * Tenaz queue with the library's guarantees. A message is acknowledged only after the handler
 * (its promise or observable) completes; a thrown error is retried by the queue's policy and then
 * dead-lettered with the error; returning `{ retryInMs }` or `{ deadLetter: reason }` (or throwing
 * an `RpcException` with one of them) chooses the outcome. `@MessagePattern` handlers are refused
 * at `listen` with `RequestResponseUnsupportedError`: queues are one-way.
 *
 * ```ts
 * app.connectMicroservice({ strategy: new TenazServer({ messaging: app.get(MESSAGING) }) });
 * await app.startAllMicroservices();
 * ```
 */
export class TenazServer extends Server implements CustomTransportStrategy {
  override readonly transportId = TENAZ_TRANSPORT;
  private readonly holder: MessagingHolder;
  private readonly handles: ConsumerHandle[] = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly options: TenazServerOptions) {
    super();
    this.holder = new MessagingHolder(options.messaging);
  }

  /** Starts one consumer per handled queue; reports a refusal or a failed start through `callback`. */
  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      async (error: unknown) => {
        await this.close().catch(() => undefined);
        callback(error);
      },
    );
  }

  /** Stops every consumer (running handlers finish first), then closes messaging if the server created it. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all(this.handles.splice(0).map((handle) => handle.stop()));
      await this.holder.close();
    })();
    return this.closing;
  }

  /** The server emits no events of its own: connection state is the library's (see `messaging.ping()`). */
  on(): void {
    throw new ServerEventsUnsupportedError();
  }

  /** The `Messaging` instance the handlers consume through (after `listen`). */
  unwrap<T>(): T {
    return this.holder.open() as T;
  }

  private async start(): Promise<void> {
    const handlers = [...this.messageHandlers.entries()];
    const requestResponse = handlers.find(([, handler]) => !handler.isEventHandler);
    if (requestResponse) {
      throw new RequestResponseUnsupportedError(requestResponse[0]);
    }
    const messaging = await this.holder.open();
    for (const [pattern] of handlers) {
      checkPattern(pattern, messaging);
    }
    for (const [queue, handler] of handlers) {
      const extras = (handler.extras ?? {}) as ConsumeOptions;
      this.handles.push(
        await messaging.consumer.consume(queue, (message, context) => this.run(handler, message, context), {
          ...this.options.consume,
          ...extras,
        }),
      );
      this.logger.log(`consuming queue "${queue}"`);
    }
  }

  /** One delivery through Nest's handler (with its interceptors, pipes and filters). */
  private async run(handler: NestMessageHandler, message: Message, context: HandlerContext): Promise<ProcessResult> {
    const tenazContext = new TenazContext([message, context]);
    let outcome: ProcessResult;
    await this.onProcessingStartHook(this.transportId, tenazContext, async () => {
      try {
        const resolved = await lastValueFrom(this.transformToObservable(await handler(message.payload, tenazContext)), {
          defaultValue: undefined,
        });
        outcome = toProcessResult(resolved);
      } catch (reason) {
        // An RpcException({ deadLetter }) reaches us as its error object, through Nest's filter.
        outcome = toProcessResult(reason);
        if (outcome === undefined) {
          throw toHandlerError(reason);
        }
      } finally {
        this.onProcessingEndHook?.(this.transportId, tenazContext);
      }
    });
    return outcome;
  }
}

/** A pattern names a configured queue: a string, not an object pattern. */
function checkPattern(pattern: string, messaging: Messaging): void {
  if (pattern.startsWith('{') || pattern.startsWith('[')) {
    throw new InvalidPatternError(pattern);
  }
  if (!messaging.queues.has(pattern)) {
    throw new UnknownQueueError(pattern, [...messaging.queues.keys()]);
  }
}
