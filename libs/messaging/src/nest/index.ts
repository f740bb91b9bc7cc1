/**
 * @tenaz/messaging/nest: the NestJS layer over `@tenaz/messaging`. A separate entry point, so plain
 * Node users of the library never load NestJS.
 */
export { MessagingModule } from './messaging.module';
export type { MessagingModuleForRootAsyncOptions, MessagingModuleForRootOptions } from './messaging.module';
export type { InboxTransaction, MessagingModuleOptions } from './messaging-module-options';
export { MESSAGING, MESSAGING_MODULE_OPTIONS } from './messaging.constants';
export { InjectMessaging } from './inject-messaging.decorator';
export { OnMessage } from './message-handler.decorator';
export { OnDeadLetter } from './dead-letter-handler.decorator';
export type { MessageSubscription } from './message-handler.decorator';
export { MessagingHealthIndicator } from './messaging.health';
export type { MessagingHealthOptions } from './messaging.health';
