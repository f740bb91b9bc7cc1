import { QUEUES } from '@tenaz/contracts';
import { TRANSPORT_NAMES, TransportName } from '@tenaz/messaging';
import { z } from 'zod';
import { AdminConfig, loadAdminConfig } from '../admin/admin-config';
import { ApiKey, parseApiKeys } from './api-keys';

/** Used when `API_KEYS` is unset outside production, so `npm start` works out of the box. */
export const DEVELOPMENT_API_KEYS = 'demo:demo-key';

/** An integer variable between `min` and `max`, `fallback` when unset. */
export const intVariable = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

// Every transport of the library: `debezium` writes the queue's messages for Debezium to publish to Kafka (docs/kafka.md).
const transport = z.enum(TRANSPORT_NAMES).default('postgres');

/** The variables both services read, with the same meaning (README, "Configuration"). */
export const SERVICE_ENV = {
  NODE_ENV: z.string().default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('postgresql://postgres@127.0.0.1:5432/tenaz'),
  DATABASE_POOL_SIZE: intVariable(2, 200, 20),
  RABBITMQ_URL: z.string().min(1).default('amqp://guest:guest@127.0.0.1:5672'),
  NOTIFICATIONS_QUEUE_TRANSPORT: transport,
  TRACK_TRACE_QUEUE_TRANSPORT: transport,
  NOTIFICATIONS_QUEUE_SLA_MS: intVariable(100, 86_400_000, QUEUES.notifications.slaMs),
  TRACK_TRACE_QUEUE_SLA_MS: intVariable(100, 86_400_000, QUEUES.track_trace.slaMs),
  API_KEYS: z.string().optional(),
  ADMIN_API_KEYS: z.string().optional(),
  RATE_LIMIT_REQUESTS: intVariable(1, 1_000_000, 6_000),
  RATE_LIMIT_UNAUTHENTICATED_REQUESTS: intVariable(1, 1_000_000, 60),
  RATE_LIMIT_WINDOW_MS: intVariable(100, 3_600_000, 60_000),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/, 'a size such as 512kb or 1mb')
    .default('1mb'),
  BATCH_MAX_SIZE: intVariable(1, 1_000, 100),
  LIVENESS_STALL_MS: intVariable(1_000, 3_600_000, 60_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** Which transport serves each queue. */
export type QueueTransports = { notifications: TransportName; track_trace: TransportName };

/** What both services' configurations hold, validated once at startup. */
export interface ServiceConfig {
  production: boolean;
  host: string;
  port: number;
  databaseUrl: string;
  databasePoolSize: number;
  rabbitmqUrl: string;
  transports: QueueTransports;
  /** Each queue's SLA: what `/health/sla` and `tenaz_queue_sla_compliant` judge against. */
  slaMs: { notifications: number; track_trace: number };
  apiKeys: readonly ApiKey[];
  /** True when `API_KEYS` was unset and the development key is in use. */
  usingDevelopmentApiKeys: boolean;
  /** `ADMIN_API_KEYS`: who may use the admin API and the dashboard (`/admin`). */
  admin: AdminConfig;
  /**
   * `requests`: messages (a batch of N counts N) per tenant per window; `unauthenticatedRequests`:
   * requests without a valid API key per client address per window.
   */
  rateLimit: { requests: number; unauthenticatedRequests: number; windowMs: number };
  bodyLimit: string;
  batchMaxSize: number;
  /** `/health/live` fails once every pool connection has been out this long with none returned. */
  livenessStallMs: number;
  logLevel: string;
}

/** The outcome of {@link readServiceEnv}: the values (when they parsed), the shared part and every problem so far. */
export interface ServiceEnv<Shape extends z.ZodRawShape> {
  values: z.infer<z.ZodObject<typeof SERVICE_ENV & Shape>> | undefined;
  common: Omit<ServiceConfig, 'port'> | undefined;
  problems: string[];
}

/**
 * Reads the shared variables and the service's own (`ownShape`), collecting every problem at once:
 * each variable's, each API key entry's, and a missing `API_KEYS` in production. Problems carry
 * the expectation, never the received value, so no secret is printed.
 */
export function readServiceEnv<Shape extends z.ZodRawShape>(env: Record<string, string | undefined>, ownShape: Shape): ServiceEnv<Shape> {
  const present = stripEmpty(env);
  const parsed = z.object({ ...SERVICE_ENV, ...ownShape }).safeParse(present);
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const rawKeys = present['API_KEYS'];
  const production = (present['NODE_ENV'] ?? 'development') === 'production';
  if (production && rawKeys === undefined) {
    problems.push('API_KEYS: required in production (tenant:key pairs separated by commas)');
  }
  const apiKeys = parseApiKeys(rawKeys ?? DEVELOPMENT_API_KEYS, { allowShortKeys: rawKeys === undefined });
  problems.push(...apiKeys.problems);
  const admin = loadAdminConfig(present['ADMIN_API_KEYS'], { production, tenantKeys: apiKeys.keys });
  problems.push(...admin.problems);
  if (!parsed.success) {
    return { values: undefined, common: undefined, problems };
  }
  const e = parsed.data as z.infer<z.ZodObject<typeof SERVICE_ENV>>;
  const common: Omit<ServiceConfig, 'port'> = {
    production,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    rabbitmqUrl: e.RABBITMQ_URL,
    transports: { notifications: e.NOTIFICATIONS_QUEUE_TRANSPORT, track_trace: e.TRACK_TRACE_QUEUE_TRANSPORT },
    slaMs: { notifications: e.NOTIFICATIONS_QUEUE_SLA_MS, track_trace: e.TRACK_TRACE_QUEUE_SLA_MS },
    apiKeys: apiKeys.keys,
    usingDevelopmentApiKeys: rawKeys === undefined,
    admin: admin.config,
    rateLimit: {
      requests: e.RATE_LIMIT_REQUESTS,
      unauthenticatedRequests: e.RATE_LIMIT_UNAUTHENTICATED_REQUESTS,
      windowMs: e.RATE_LIMIT_WINDOW_MS,
    },
    bodyLimit: e.BODY_LIMIT,
    batchMaxSize: e.BATCH_MAX_SIZE,
    livenessStallMs: e.LIVENESS_STALL_MS,
    logLevel: e.LOG_LEVEL,
  };
  return { values: parsed.data as z.infer<z.ZodObject<typeof SERVICE_ENV & Shape>>, common, problems };
}

/** An empty variable (`FOO=`) means unset, as shells and compose files usually intend. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
