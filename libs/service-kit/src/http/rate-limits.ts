import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { SERVICE_CONFIG } from '../config/service-config.module';
import type { ServiceConfig } from '../config/service-env';

/** The outcome of spending from a budget: allowed, or refused with when to retry. */
export type Spend = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The service's two rate budgets, per `RATE_LIMIT_WINDOW_MS` window and per process (with N
 * replicas a client gets up to N times the limit):
 * - per tenant, `RATE_LIMIT_REQUESTS` messages: a batch of N notifications or events costs N, so a
 *   limit counts work, not requests;
 * - per client address, `RATE_LIMIT_UNAUTHENTICATED_REQUESTS` requests without a valid API key, so
 *   guessing keys or flooding with bad ones is slowed too.
 */
@Injectable()
export class RateLimits {
  private readonly tenants: RateLimiterMemory;
  private readonly addresses: RateLimiterMemory;

  constructor(@Inject(SERVICE_CONFIG) config: ServiceConfig) {
    const duration = config.rateLimit.windowMs / 1_000;
    this.tenants = new RateLimiterMemory({ points: config.rateLimit.requests, duration, keyPrefix: 'tenant' });
    this.addresses = new RateLimiterMemory({ points: config.rateLimit.unauthenticatedRequests, duration, keyPrefix: 'address' });
  }

  /** Spends `cost` messages of `tenantId`'s budget. */
  spendTenant(tenantId: string, cost: number): Promise<Spend> {
    return spend(this.tenants, tenantId, cost);
  }

  /** Spends one unauthenticated request of `address`'s budget. */
  spendUnauthenticated(address: string): Promise<Spend> {
    return spend(this.addresses, address, 1);
  }

  /** Whether `address` has no unauthenticated requests left, without spending one. */
  async unauthenticatedExhausted(address: string): Promise<Spend> {
    const state = await this.addresses.get(address);
    if (state && state.remainingPoints <= 0) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1_000)) };
    }
    return { allowed: true };
  }
}

/** Spends `cost` of `key`'s budget; a refused spend is given back, so a refused request costs nothing. */
async function spend(limiter: RateLimiterMemory, key: string, cost: number): Promise<Spend> {
  try {
    await limiter.consume(key, cost);
    return { allowed: true };
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) {
      await limiter.reward(key, cost);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1_000)) };
    }
    throw refusal;
  }
}
