import 'reflect-metadata';
import type { DeadLetterHook } from '../core/delivery-runner';
import { ON_DEAD_LETTER_METADATA } from './messaging.constants';
import { InvalidConfigurationError } from '../model/errors';

/**
 * Declares a provider method as the `onDeadLetter` hook of the `@OnMessage(queue)` consumer on the
 * same provider: it is told of every message that consumer dead-letters, whether its handler chose
 * to or the library did without running it (attempts used up by crashing consumers), so the
 * application can mark its own record failed. An error it throws is logged; the dead letter stands.
 */
export function OnDeadLetter(queue: string) {
  return <T extends DeadLetterHook>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    if (typeof descriptor.value !== 'function') {
      throw new InvalidConfigurationError([
        `@OnDeadLetter('${queue}') must decorate a method; ${target.constructor.name}.${String(key)} is not one`,
      ]);
    }
    Reflect.defineMetadata(ON_DEAD_LETTER_METADATA, [...deadLetterQueuesOf(descriptor.value), queue], descriptor.value);
  };
}

/** The queues whose dead letters a method is told of (none for an undecorated one). */
export function deadLetterQueuesOf(method: unknown): readonly string[] {
  if (typeof method !== 'function') {
    return [];
  }
  return (Reflect.getMetadata(ON_DEAD_LETTER_METADATA, method) as string[] | undefined) ?? [];
}
