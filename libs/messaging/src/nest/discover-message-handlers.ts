import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import type { MessageHandler } from '../core/message';
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
 * Finds every `@OnMessage` method on the application's providers and controllers. Only singletons
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
    const methods = scanner.getAllMethodNames(prototype).filter((method) => messageSubscriptionsOf(prototype[method]).length > 0);
    if (methods.length === 0) {
      continue;
    }
    const className = prototype.constructor?.name ?? String(wrapper.token);
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient || !instance) {
      problems.push(`${className}: @OnMessage handlers must be on a singleton provider (this one is request-scoped or transient)`);
      continue;
    }
    if (seen.has(instance)) {
      continue;
    }
    seen.add(instance);
    for (const method of methods) {
      const bound = (prototype[method] as MessageHandler).bind(instance);
      for (const subscription of messageSubscriptionsOf(prototype[method])) {
        handlers.push({ ...subscription, name: `${className}.${method}`, handler: bound });
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
