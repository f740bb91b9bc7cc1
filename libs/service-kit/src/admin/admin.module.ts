import { DynamicModule, Module } from '@nestjs/common';
import { AdminAudit } from './admin-audit';
import { ADMIN_MODULE_OPTIONS } from './admin.constants';
import type { AdminModuleOptions } from './admin-module-options';
import { DashboardController } from './dashboard/dashboard.controller';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { AdminKeyGuard } from './http/admin-key.guard';
import { OutboxController } from './outbox/outbox.controller';
import { QueuesController } from './queues/queues.controller';

/**
 * The operators' side of a service: the admin REST API under `/admin/api` (queues with their SLA
 * state, dead letters, the outbox) behind admin keys, and the dashboard at `/admin`. Needs
 * `MessagingModule` (its `Messaging` instance), `LoggingModule` (the audit log) and, like the
 * services' own controllers, the application's global `ValidationPipe` with `transform` and
 * `whitelist` on.
 *
 * ```ts
 * imports: [AdminModule.forRoot({ adminKeys: config.admin.keys, tenantKeys: config.apiKeys })]
 * ```
 */
@Module({})
export class AdminModule {
  static forRoot(options: AdminModuleOptions): DynamicModule {
    return {
      module: AdminModule,
      controllers: [QueuesController, DeadLettersController, OutboxController, DashboardController],
      providers: [{ provide: ADMIN_MODULE_OPTIONS, useValue: options }, AdminKeyGuard, AdminAudit],
    };
  }
}
