import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from './authenticated-request';
import { RateLimits } from './rate-limits';
import { CostOfRequest, RATE_LIMIT_COST } from './rate-limit-cost.decorator';

/**
 * The tenant's rate limit (429 with `Retry-After` past `RATE_LIMIT_REQUESTS` messages per
 * `RATE_LIMIT_WINDOW_MS`): one budget per tenant across every route, each request spending what
 * its route declares with `@RateLimitCost` (a batch of N costs N; 1 otherwise). Runs after
 * `ApiKeyGuard`, so the tenant is known.
 */
@Injectable()
export class TenantRateLimitGuard implements CanActivate {
  constructor(
    private readonly limits: RateLimits,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { body?: unknown }>();
    const costOf = this.reflector.get<CostOfRequest | undefined>(RATE_LIMIT_COST, context.getHandler());
    const spent = await this.limits.spendTenant(request.tenantId, costOf ? costOf(request.body) : 1);
    if (!spent.allowed) {
      context
        .switchToHttp()
        .getResponse<{ setHeader(name: string, value: string): void }>()
        .setHeader('Retry-After', String(spent.retryAfterSeconds));
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: ['the tenant is over its rate limit; retry later'] },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    return true;
  }
}
