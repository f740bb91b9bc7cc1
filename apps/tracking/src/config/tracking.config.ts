import { InvalidConfigError, intVariable, leaseProblem, poolSizeProblem, readServiceEnv, ServiceConfig } from '@tenaz/service-kit';
import { z } from 'zod';

/** Injection token of the validated {@link TrackingConfig}. */
export const TRACKING_CONFIG = Symbol('TRACKING_CONFIG');

/** The variables only this service reads (the shared ones: `SERVICE_ENV` in service-kit). */
const TRACKING_ENV = {
  TRACKING_PORT: intVariable(0, 65_535, 3002),
  PROJECTION_ENABLED: z.enum(['true', 'false']).default('true'),
  PROJECTION_CONCURRENCY: intVariable(1, 256, 8),
  PROJECTION_LEASE_MS: intVariable(1_000, 600_000, 30_000),
};

/**
 * The server ends a tracking transaction idle this long. A projection or an accepting request runs
 * only statements, back to back (milliseconds apart); 3 s covers GC pauses and event-loop lag on
 * a busy 2-core machine with a wide margin.
 */
export const TRACKING_IDLE_IN_TRANSACTION_MS = 3_000;

/** The service's configuration, validated once at startup. */
export interface TrackingConfig extends ServiceConfig {
  /**
   * Consumers of `track_trace` in this process (none when `enabled` is false: an API-only process
   * that accepts and queues while others project), and how long a claim lasts unrenewed.
   */
  projection: { enabled: boolean; concurrency: number; leaseMs: number };
}

/**
 * Reads and validates the environment, reporting every problem at once. Outside production, unset
 * values fall back to a local development setup (local PostgreSQL, the demo API key).
 */
export function loadConfig(env: Record<string, string | undefined>): TrackingConfig {
  const { values: e, common, problems } = readServiceEnv(env, TRACKING_ENV);
  if (e && common && e.PROJECTION_ENABLED === 'true') {
    problems.push(
      ...[
        poolSizeProblem(common.databasePoolSize, e.PROJECTION_CONCURRENCY, 'PROJECTION_CONCURRENCY'),
        leaseProblem(e.PROJECTION_LEASE_MS, TRACKING_IDLE_IN_TRANSACTION_MS, 'PROJECTION_LEASE_MS', 'a projection runs statements only'),
      ].filter((problem): problem is string => problem !== undefined),
    );
  }
  if (!e || !common || problems.length > 0) {
    throw new InvalidConfigError(problems);
  }
  return {
    ...common,
    port: e.TRACKING_PORT,
    projection: { enabled: e.PROJECTION_ENABLED === 'true', concurrency: e.PROJECTION_CONCURRENCY, leaseMs: e.PROJECTION_LEASE_MS },
  };
}
