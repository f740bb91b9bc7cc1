import { DynamicModule, Global, Module } from '@nestjs/common';
import { API_KEYS } from '@tenaz/service-kit';
import { TRACKING_CONFIG, TrackingConfig } from './tracking.config';

/** Makes the validated configuration injectable everywhere as {@link TRACKING_CONFIG}, and its API keys as `API_KEYS` (for `ApiKeyGuard`). */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: TrackingConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: TRACKING_CONFIG, useValue: config },
        { provide: API_KEYS, useValue: config.apiKeys },
      ],
      exports: [TRACKING_CONFIG, API_KEYS],
    };
  }
}
