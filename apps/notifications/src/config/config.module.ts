import { DynamicModule, Global, Module } from '@nestjs/common';
import { API_KEYS } from '@tenaz/service-kit';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './notifications.config';

/** Makes the validated configuration injectable everywhere as {@link NOTIFICATIONS_CONFIG}, and its API keys as `API_KEYS` (for `ApiKeyGuard`). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: NotificationsConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: API_KEYS, useValue: config.apiKeys },
      ],
      exports: [NOTIFICATIONS_CONFIG, API_KEYS],
    };
  }
}
