import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * The per-tenant rate limit (429 past `RATE_LIMIT_REQUESTS` per `RATE_LIMIT_WINDOW_MS`). Runs
 * after `ApiKeyGuard`, so the tracker is the tenant, not the client address. Counters live in the
 * process: with N replicas a tenant gets up to N times the limit.
 */
@Injectable()
export class TenantThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `tenant:${String(request['tenantId'])}`;
  }
}
