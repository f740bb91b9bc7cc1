/**
 * Injection tokens and metadata keys of the NestJS layer. Strings rather than symbols, so that two
 * copies of the package in one process (a bundled app and a tool loading `dist`) still agree.
 */

/** The `Messaging` instance created by `MessagingModule` (see `@InjectMessaging()`). */
export const MESSAGING = 'tenaz:messaging';

/** The options given to `MessagingModule.forRoot/forRootAsync`, after any factory ran. */
export const MESSAGING_MODULE_OPTIONS = 'tenaz:messaging-module-options';

/** Where `@OnMessage` keeps its subscriptions on a method. */
export const ON_MESSAGE_METADATA = 'tenaz:on-message';

/** Where `@OnDeadLetter` keeps its queues on a method. */
export const ON_DEAD_LETTER_METADATA = 'tenaz:on-dead-letter';
