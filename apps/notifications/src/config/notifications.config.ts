import { CHANNELS, Channel } from '@tenaz/contracts';
import { TRANSPORT_NAMES, TransportName } from '@tenaz/messaging';
import { z } from 'zod';
import { AdminConfig, ApiKey, InvalidConfigError, loadAdminConfig, parseApiKeys } from '@tenaz/service-kit';

/** Injection token of the validated {@link NotificationsConfig}. */
export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** Used when `API_KEYS` is unset outside production, so `npm start` works out of the box. */
export const DEVELOPMENT_API_KEYS = 'demo:demo-key';

// Every transport of the library: `debezium` writes the queue's messages for Debezium to publish to Kafka (docs/kafka.md).
const transport = z.enum(TRANSPORT_NAMES).default('postgres');
const optionalUrl = z.url().optional();
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  NOTIFICATIONS_PORT: int(0, 65_535, 3001),
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
  SMTP_URL: optionalUrl,
  SMTP_FROM: z.string().min(3).default('Tenaz <no-reply@tenaz.local>'),
  SMS_PROVIDER_URL: optionalUrl,
  SMS_PROVIDER_TOKEN: z.string().optional(),
  WHATSAPP_PROVIDER_URL: optionalUrl,
  WHATSAPP_PROVIDER_TOKEN: z.string().optional(),
  PUSH_PROVIDER_URL: optionalUrl,
  PUSH_PROVIDER_TOKEN: z.string().optional(),
  PROVIDER_TIMEOUT_MS: int(100, 120_000, 10_000),
  ALLOW_DEV_SINK: z.enum(['true', 'false']).default('false'),
  DELIVERY_ENABLED: z.enum(['true', 'false']).default('true'),
  DELIVERY_CONCURRENCY: int(1, 256, 8),
  DELIVERY_LEASE_MS: int(1_000, 600_000, 30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Where one HTTP channel provider lives. */
export interface HttpProviderConfig {
  url: string;
  token: string | undefined;
}

/** The service's configuration, validated once at startup. */
export interface NotificationsConfig {
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
  smtp: { url: string; from: string } | undefined;
  httpProviders: Record<Exclude<Channel, 'email'>, HttpProviderConfig | undefined>;
  providerTimeoutMs: number;
  /** Channels with no provider configured: delivered to the development sink. */
  devSinkChannels: Channel[];
  /** `enabled: false` makes an API-only process: it accepts and queues, other processes deliver. */
  delivery: { enabled: boolean; concurrency: number; leaseMs: number };
  logLevel: string;
}

/**
 * Reads and validates the environment, reporting every problem at once. Outside production,
 * unset values fall back to a local development setup (local PostgreSQL, a demo API key, the
 * development sink for channels without a provider).
 */
export function loadConfig(env: Record<string, string | undefined>): NotificationsConfig {
  const present = stripEmpty(env);
  const parsed = envSchema.safeParse(present);
  const apiKeys = parseApiKeys(present['API_KEYS'] ?? DEVELOPMENT_API_KEYS, { allowShortKeys: present['API_KEYS'] === undefined });
  if (!parsed.success) {
    // Issue messages carry the expectation, never the received value, so no secret leaks here.
    throw new InvalidConfigError([...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`), ...apiKeys.problems]);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production && e.API_KEYS === undefined) {
    problems.push('API_KEYS: required in production (tenant:key pairs separated by commas)');
  }
  problems.push(...apiKeys.problems);
  const admin = loadAdminConfig(present['ADMIN_API_KEYS'], { production, tenantKeys: apiKeys.keys });
  problems.push(...admin.problems);

  const httpProvider = (url: string | undefined, token: string | undefined) => (url ? { url, token } : undefined);
  const httpProviders = {
    sms: httpProvider(e.SMS_PROVIDER_URL, e.SMS_PROVIDER_TOKEN),
    whatsapp: httpProvider(e.WHATSAPP_PROVIDER_URL, e.WHATSAPP_PROVIDER_TOKEN),
    push: httpProvider(e.PUSH_PROVIDER_URL, e.PUSH_PROVIDER_TOKEN),
  };
  const smtp = e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined;
  const devSinkChannels = CHANNELS.filter((channel) => (channel === 'email' ? !smtp : !httpProviders[channel]));
  if (production && devSinkChannels.length > 0 && e.ALLOW_DEV_SINK !== 'true') {
    // In production the sink would report notifications as sent that nobody received.
    problems.push(`no provider configured for ${devSinkChannels.join(', ')}: set its URL, or ALLOW_DEV_SINK=true to log instead of sending`);
  }
  if (problems.length > 0) {
    throw new InvalidConfigError(problems);
  }
  return {
    production,
    host: e.HOST,
    port: e.NOTIFICATIONS_PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    rabbitmqUrl: e.RABBITMQ_URL,
    transports: { notifications: e.NOTIFICATIONS_QUEUE_TRANSPORT, track_trace: e.TRACK_TRACE_QUEUE_TRANSPORT },
    apiKeys: apiKeys.keys,
    usingDevelopmentApiKeys: e.API_KEYS === undefined,
    admin: admin.config,
    rateLimit: { requests: e.RATE_LIMIT_REQUESTS, windowMs: e.RATE_LIMIT_WINDOW_MS },
    bodyLimit: e.BODY_LIMIT,
    batchMaxSize: e.BATCH_MAX_SIZE,
    smtp,
    httpProviders,
    providerTimeoutMs: e.PROVIDER_TIMEOUT_MS,
    devSinkChannels,
    delivery: { enabled: e.DELIVERY_ENABLED === 'true', concurrency: e.DELIVERY_CONCURRENCY, leaseMs: e.DELIVERY_LEASE_MS },
    logLevel: e.LOG_LEVEL,
  };
}

/** An empty variable (`FOO=`) means unset, as shells and compose files usually intend. */
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
