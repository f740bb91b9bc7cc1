import { DynamicModule, Global, Module } from '@nestjs/common';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './notifications.config';

/** Makes the validated configuration injectable everywhere as {@link NOTIFICATIONS_CONFIG}. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: NOTIFICATIONS_CONFIG, useValue: config }],
      exports: [NOTIFICATIONS_CONFIG],
    };
  }
}
