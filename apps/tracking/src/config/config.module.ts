import { DynamicModule, Global, Module } from '@nestjs/common';
import { TRACKING_CONFIG, TrackingConfig } from './tracking.config';

/** Makes the validated configuration injectable everywhere as {@link TRACKING_CONFIG}. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: TrackingConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: TRACKING_CONFIG, useValue: config }],
      exports: [TRACKING_CONFIG],
    };
  }
}
