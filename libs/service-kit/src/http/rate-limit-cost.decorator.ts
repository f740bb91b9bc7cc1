import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link RateLimitCost}. */
export const RATE_LIMIT_COST = 'tenaz:rate-limit-cost';

/** How many messages a request carries, from its parsed body (before validation: count defensively). */
export type CostOfRequest = (body: unknown) => number;

/**
 * Declares what a route costs of its tenant's rate budget: a batch of N notifications or events
 * costs N. Routes without it cost 1.
 */
export const RateLimitCost = (cost: CostOfRequest): MethodDecorator => SetMetadata(RATE_LIMIT_COST, cost);

/** The cost of a batch body `{ [field]: [...] }`: its length, at least 1 (a malformed body still costs a request). */
export function batchCost(field: string): CostOfRequest {
  return (body) => {
    const items = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    return Array.isArray(items) ? Math.max(1, items.length) : 1;
  };
}
