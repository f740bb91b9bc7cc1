import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { createMessaging, Messaging } from '../core/create-messaging';
import { Publisher } from '../core/publisher';
import { MessagingHealthIndicator } from './messaging.health';
import { MESSAGING, MESSAGING_MODULE_OPTIONS } from './messaging.constants';
import { MessagingLifecycle } from './messaging-lifecycle';
import type { MessagingModuleOptions } from './messaging-module-options';

const definition = new ConfigurableModuleBuilder<MessagingModuleOptions>({
  optionsInjectionToken: MESSAGING_MODULE_OPTIONS,
  moduleName: 'Messaging',
})
  .setClassMethodName('forRoot')
  // Global by default: one messaging instance per process, its publisher injectable everywhere.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** What `MessagingModule.forRoot` accepts: `MessagingModuleOptions` plus `isGlobal` (default `true`). */
export type MessagingModuleForRootOptions = typeof definition.OPTIONS_TYPE;
/** What `MessagingModule.forRootAsync` accepts: `imports`, `inject`, `useFactory` (or `useClass`/`useExisting`). */
export type MessagingModuleForRootAsyncOptions = typeof definition.ASYNC_OPTIONS_TYPE;

/**
 * The NestJS face of `@tenaz/messaging`: creates one `Messaging` instance with `createMessaging`
 * (connects and migrates before the application starts), exports it as `MESSAGING`
 * (`@InjectMessaging()`), its `Publisher` by class and `MessagingHealthIndicator`; starts every
 * `@OnMessage` handler on bootstrap and drains them, then closes, on shutdown.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: MESSAGING,
      inject: [MESSAGING_MODULE_OPTIONS],
      useFactory: (options: MessagingModuleOptions): Promise<Messaging> => createMessaging(options.messaging),
    },
    { provide: Publisher, inject: [MESSAGING], useFactory: (messaging: Messaging): Publisher => messaging.publisher },
    // Provided here (it has no dependencies) so the indicator works whether or not the app imports TerminusModule.
    HealthIndicatorService,
    MessagingHealthIndicator,
    MessagingLifecycle,
  ],
  exports: [MESSAGING, Publisher, MessagingHealthIndicator],
})
export class MessagingModule extends definition.ConfigurableModuleClass {}
