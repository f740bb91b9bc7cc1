/**
 * @tenaz/messaging/microservices: Tenaz queues behind `@nestjs/microservices`: a custom transport
 * strategy (`TenazServer`) for `@EventPattern(queue)` handlers and a `ClientProxy` (`TenazClient`)
 * whose `emit(queue, data)` publishes durably. A separate entry point, so users of the library who
 * do not use Nest microservices never load it.
 */
export { TenazServer } from './tenaz-server';
export type { TenazServerOptions } from './tenaz-server';
export { TenazClient } from './tenaz-client';
export type { TenazClientOptions } from './tenaz-client';
export { TenazContext } from './tenaz-context';
export { TenazRecord } from './tenaz-record';
export { TENAZ_TRANSPORT } from './tenaz-transport';
export type { MessagingSource } from './messaging-source';
