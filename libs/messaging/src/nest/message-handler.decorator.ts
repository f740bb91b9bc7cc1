import 'reflect-metadata';
import type { ConsumeOptions } from '../core/consumer';
import type { HandlerContext, Message, ProcessResult } from '../model/message';
import { ON_MESSAGE_METADATA } from './messaging.constants';
import { InvalidConfigurationError } from '../model/errors';

/** One `@OnMessage` on a method: the queue it consumes and the library's consume options. */
export interface MessageSubscription {
  queue: string;
  options: ConsumeOptions;
}

/** The shape a decorated method must have: the library's `MessageHandler`, as a method. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the payload and transaction types are the handler's own choice
type HandlerMethod = (message: Message<any>, context: HandlerContext<any>) => Promise<ProcessResult> | ProcessResult;

/**
 * Declares a provider method as the consumer of `queue`. `MessagingModule` finds it on bootstrap
 * and calls `messaging.consumer.consume(queue, method bound to the provider, options)`.
 * `options.inbox: 'name'` runs the handler in the module's `inboxTransaction` (when configured) and
 * hands that transaction to the method as `context.transaction`. The method returns the message's
 * outcome (a `ProcessResult`). Stacking `@OnMessage` for several queues on one method is allowed.
 */
export function OnMessage(queue: string, options: ConsumeOptions = {}) {
  return <T extends HandlerMethod>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    if (typeof descriptor.value !== 'function') {
      throw new InvalidConfigurationError([
        `@OnMessage('${queue}') must decorate a method; ${target.constructor.name}.${String(key)} is not one`,
      ]);
    }
    const subscriptions = [...messageSubscriptionsOf(descriptor.value), { queue, options }];
    Reflect.defineMetadata(ON_MESSAGE_METADATA, subscriptions, descriptor.value);
  };
}

/** The `@OnMessage` subscriptions declared on a method (none for an undecorated one). */
export function messageSubscriptionsOf(method: unknown): readonly MessageSubscription[] {
  if (typeof method !== 'function') {
    return [];
  }
  return (Reflect.getMetadata(ON_MESSAGE_METADATA, method) as MessageSubscription[] | undefined) ?? [];
}
