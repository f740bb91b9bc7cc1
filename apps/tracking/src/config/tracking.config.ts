import { TRANSPORT_NAMES, TransportName } from '@tenaz/messaging';
import { z } from 'zod';
import { AdminConfig, ApiKey, InvalidConfigError, loadAdminConfig, parseApiKeys } from '@tenaz/service-kit';

/** Injection token of the validated {@link TrackingConfig}. */
export const TRACKING_CONFIG = Symbol('TRACKING_CONFIG');

/** Used when `API_KEYS` is unset outside production, so `npm start` works out of the box (same as notifications). */
export const DEVELOPMENT_API_KEYS = 'demo:demo-key';

// Every transport of the library: `debezium` writes the queue's messages for Debezium to publish to Kafka (docs/kafka.md).
const transport = z.enum(TRANSPORT_NAMES).default('postgres');
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  TRACKING_PORT: int(0, 65_535, 3002),
  DATABASE_URL: z.string().min(1).default('postgresql://postgres@127.0.0.1:5432/tenaz'),
  DATABASE_POOL_SIZE: int(2, 200, 20),
  RABBITMQ_URL: z.string().min(1).default('amqp://guest:guest@127.0.0.1:5672'),
  NOTIFICATIONS_QUEUE_TRANSPORT: transport,
  TRACK_TRACE_QUEUE_TRANSPORT: transport,
  API_KEYS: z.string().optional(),
  RATE_LIMIT_REQUESTS: int(1, 1_000_000, 6_000),
  RATE_LIMIT_WINDOW_MS: int(100, 3_600_000, 60_000),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/, 'a size such as 512kb or 1mb').default('1mb'),
  BATCH_MAX_SIZE: int(1, 1_000, 100),
  PROJECTION_ENABLED: z.enum(['true', 'false']).default('true'),
  PROJECTION_CONCURRENCY: int(1, 256, 8),
  PROJECTION_LEASE_MS: int(1_000, 600_000, 30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The service's configuration, validated once at startup. */
export interface TrackingConfig {
  production: boolean;
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  rabbitmqUrl: string;
  transports: { notifications: TransportName; track_trace: TransportName };
  apiKeys: readonly ApiKey[];
  /** True when `API_KEYS` was unset and the development key is in use. */
  usingDevelopmentApiKeys: boolean;
  /** `ADMIN_API_KEYS`: who may use the admin API and the dashboard (`/admin`). */
  admin: AdminConfig;
  rateLimit: { requests: number; windowMs: number };
  bodyLimit: string;
  batchMaxSize: number;
  /**
   * Consumers of `track_trace` in this process (none when `enabled` is false: an API-only process
   * that accepts and queues while others project), and how long a claim lasts unrenewed.
   */
  projection: { enabled: boolean; concurrency: number; leaseMs: number };
  logLevel: string;
}

/**
 * Reads and validates the environment, reporting every problem at once. Outside production, unset
 * values fall back to a local development setup (local PostgreSQL, the demo API key).
 */
export function loadConfig(env: Record<string, string | undefined>): TrackingConfig {
  const parsed = envSchema.safeParse(stripEmpty(env));
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  // Key problems are reported with the others, from the raw value, so one run lists everything.
  const rawKeys = stripEmpty(env)['API_KEYS'];
  const production = (env['NODE_ENV'] ?? 'development') === 'production';
  if (production && rawKeys === undefined) {
    problems.push('API_KEYS: required in production (tenant:key pairs separated by commas)');
  }
  const apiKeys = parseApiKeys(rawKeys ?? DEVELOPMENT_API_KEYS, { allowShortKeys: rawKeys === undefined });
  problems.push(...apiKeys.problems);
  const admin = loadAdminConfig(stripEmpty(env)['ADMIN_API_KEYS'], { production, tenantKeys: apiKeys.keys });
  problems.push(...admin.problems);
  if (!parsed.success || problems.length > 0) {
    // Issue messages carry the expectation, never the received value, so no secret leaks here.
    throw new InvalidConfigError(problems);
  }
  const e = parsed.data;
  return {
    production,
    host: e.HOST,
    port: e.TRACKING_PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    rabbitmqUrl: e.RABBITMQ_URL,
    transports: { notifications: e.NOTIFICATIONS_QUEUE_TRANSPORT, track_trace: e.TRACK_TRACE_QUEUE_TRANSPORT },
    apiKeys: apiKeys.keys,
    usingDevelopmentApiKeys: rawKeys === undefined,
    admin: admin.config,
    rateLimit: { requests: e.RATE_LIMIT_REQUESTS, windowMs: e.RATE_LIMIT_WINDOW_MS },
    bodyLimit: e.BODY_LIMIT,
    batchMaxSize: e.BATCH_MAX_SIZE,
    projection: { enabled: e.PROJECTION_ENABLED === 'true', concurrency: e.PROJECTION_CONCURRENCY, leaseMs: e.PROJECTION_LEASE_MS },
    logLevel: e.LOG_LEVEL,
  };
}

/** An empty variable (`FOO=`) means unset, as shells and compose files usually intend. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
