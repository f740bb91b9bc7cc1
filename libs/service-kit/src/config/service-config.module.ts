import { DynamicModule, Global, Module } from '@nestjs/common';
import { ADMIN_KEYS, API_KEYS } from '../http/api-key-authenticator';
import type { ServiceConfig } from './service-env';

/** Injection token of the service's validated configuration (a {@link ServiceConfig} and the service's own fields). */
export const SERVICE_CONFIG = 'tenaz:service-config';

/**
 * Makes the validated configuration injectable everywhere: as {@link SERVICE_CONFIG}, as the
 * service's own token (`token`, typed by the service), its API keys as `API_KEYS` and its admin keys as `ADMIN_KEYS`.
 */
@Global()
@Module({})
export class ServiceConfigModule {
  static forRoot(token: symbol | string, config: ServiceConfig): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [
        { provide: token, useValue: config },
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: API_KEYS, useValue: config.apiKeys },
        { provide: ADMIN_KEYS, useValue: config.admin.keys },
      ],
      exports: [token, SERVICE_CONFIG, API_KEYS, ADMIN_KEYS],
    };
  }
}
