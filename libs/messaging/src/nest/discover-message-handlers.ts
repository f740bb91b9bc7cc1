import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import type { DeadLetterHook } from '../core/delivery-runner';
import type { MessageHandler } from '../model/message';
import { deadLetterQueuesOf } from './dead-letter-handler.decorator';
import { messageSubscriptionsOf, MessageSubscription } from './message-handler.decorator';

/** A decorated method found on a provider, ready to be passed to `consumer.consume`. */
export interface DiscoveredHandler extends MessageSubscription {
  /** `ClassName.method`, for logs and error messages. */
  name: string;
  /** The method bound to its provider instance. */
  handler: MessageHandler;
}

/** What discovery found, and the declarations that cannot work (each named). */
export interface DiscoveryResult {
  handlers: DiscoveredHandler[];
  problems: string[];
}

/**
 * Finds every `@OnMessage` method on the application's providers and controllers, with the
 * `@OnDeadLetter` hook of its queue on the same provider (passed as `onDeadLetter`). Only singletons
 * can consume: a request-scoped or transient provider has no instance to bind at bootstrap, so a
 * handler there is reported as a problem rather than silently never called.
 */
export function discoverMessageHandlers(discovery: DiscoveryService, scanner: MetadataScanner): DiscoveryResult {
  const handlers: DiscoveredHandler[] = [];
  const problems: string[] = [];
  // An instance can be listed more than once (a `useValue` object registered in two modules).
  const seen = new Set<object>();
  for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
    const prototype = prototypeOf(wrapper);
    if (!prototype || wrapper.isAlias) {
      continue;
    }
    const allMethods = scanner.getAllMethodNames(prototype);
    const methods = allMethods.filter((method) => messageSubscriptionsOf(prototype[method]).length > 0);
    const hookMethods = allMethods.filter((method) => deadLetterQueuesOf(prototype[method]).length > 0);
    if (methods.length === 0 && hookMethods.length === 0) {
      continue;
    }
    const className = prototype.constructor?.name ?? String(wrapper.token);
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient || !instance) {
      problems.push(`${className}: @OnMessage and @OnDeadLetter must be on a singleton provider (this one is request-scoped or transient)`);
      continue;
    }
    if (seen.has(instance)) {
      continue;
    }
    seen.add(instance);
    const hooks = new Map<string, { name: string; hook: DeadLetterHook }>();
    for (const method of hookMethods) {
      for (const queue of deadLetterQueuesOf(prototype[method])) {
        const earlier = hooks.get(queue);
        if (earlier) {
          problems.push(`${className}: two @OnDeadLetter('${queue}') methods (${earlier.name}, ${method}); keep one`);
        }
        hooks.set(queue, { name: method, hook: (prototype[method] as DeadLetterHook).bind(instance) });
      }
    }
    const consumed = new Set<string>();
    for (const method of methods) {
      const bound = (prototype[method] as MessageHandler).bind(instance);
      for (const subscription of messageSubscriptionsOf(prototype[method])) {
        consumed.add(subscription.queue);
        const hook = hooks.get(subscription.queue)?.hook;
        const options = hook ? { ...subscription.options, onDeadLetter: hook } : subscription.options;
        handlers.push({ queue: subscription.queue, options, name: `${className}.${method}`, handler: bound });
      }
    }
    for (const [queue, { name }] of hooks) {
      if (!consumed.has(queue)) {
        problems.push(`${className}.${name}: @OnDeadLetter('${queue}') needs an @OnMessage('${queue}') method on the same provider`);
      }
    }
  }
  return { handlers, problems };
}

function prototypeOf(wrapper: InstanceWrapper): Record<string, unknown> | undefined {
  const instance = wrapper.instance as object | undefined;
  if (instance && typeof instance === 'object') {
    return Object.getPrototypeOf(instance) as Record<string, unknown>;
  }
  // Non-singletons have no instance yet: look at the class so their handlers can be reported.
  return typeof wrapper.metatype === 'function' && !wrapper.inject ? (wrapper.metatype.prototype as Record<string, unknown>) : undefined;
}
