import { Global, Module } from '@nestjs/common';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimits } from './rate-limits';
import { RequestGateMiddleware } from './request-gate.middleware';
import { TenantRateLimitGuard } from './tenant-rate-limit.guard';

/** Authentication and rate limits, injectable everywhere (the guards on controllers, the gate in `configureServiceApp`). */
@Global()
@Module({
  providers: [ApiKeyAuthenticator, ApiKeyGuard, RateLimits, RequestGateMiddleware, TenantRateLimitGuard],
  exports: [ApiKeyAuthenticator, ApiKeyGuard, RateLimits, RequestGateMiddleware, TenantRateLimitGuard],
})
export class ServiceHttpModule {}
