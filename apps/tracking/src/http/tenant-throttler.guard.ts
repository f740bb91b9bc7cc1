import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * The per-tenant rate limit (429 past `RATE_LIMIT_REQUESTS` per `RATE_LIMIT_WINDOW_MS`). Runs
 * after `ApiKeyGuard`, so the tracker is the tenant, not the client address. One budget per
 * tenant across every route (the throttler's default keys by route, which would multiply the
 * limit by the number of endpoints). Counters live in the process: with N replicas a tenant gets
 * up to N times the limit.
 */
@Injectable()
export class TenantThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `tenant:${String(request['tenantId'])}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
