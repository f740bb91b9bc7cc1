import { CHANNELS, Channel } from '@tenaz/contracts';
import { InvalidConfigError, intVariable, leaseProblem, poolSizeProblem, readServiceEnv, ServiceConfig } from '@tenaz/service-kit';
import { z } from 'zod';

/** Injection token of the validated {@link NotificationsConfig}. */
export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

const optionalUrl = z.url().optional();

/** The variables only this service reads (the shared ones: `SERVICE_ENV` in service-kit). */
const NOTIFICATIONS_ENV = {
  NOTIFICATIONS_PORT: intVariable(0, 65_535, 3001),
  SMTP_URL: optionalUrl,
  SMTP_FROM: z.string().min(3).default('Tenaz <no-reply@tenaz.local>'),
  SMS_PROVIDER_URL: optionalUrl,
  SMS_PROVIDER_TOKEN: z.string().optional(),
  WHATSAPP_PROVIDER_URL: optionalUrl,
  WHATSAPP_PROVIDER_TOKEN: z.string().optional(),
  PUSH_PROVIDER_URL: optionalUrl,
  PUSH_PROVIDER_TOKEN: z.string().optional(),
  PROVIDER_TIMEOUT_MS: intVariable(100, 120_000, 10_000),
  ALLOW_DEV_SINK: z.enum(['true', 'false']).default('false'),
  DELIVERY_ENABLED: z.enum(['true', 'false']).default('true'),
  DELIVERY_CONCURRENCY: intVariable(1, 256, 8),
  DELIVERY_LEASE_MS: intVariable(1_000, 600_000, 30_000),
  // 24 h: a client retrying a request (Stripe's window too); a day's keys are a few MB per 100,000 requests.
  IDEMPOTENCY_KEY_RETENTION_MS: intVariable(1_000, 2_592_000_000, 86_400_000),
};

/** Where one HTTP channel provider lives. */
export interface HttpProviderConfig {
  url: string;
  token: string | undefined;
}

/** The service's configuration, validated once at startup. */
export interface NotificationsConfig extends ServiceConfig {
  smtp: { url: string; from: string } | undefined;
  httpProviders: Record<Exclude<Channel, 'email'>, HttpProviderConfig | undefined>;
  providerTimeoutMs: number;
  /** Channels with no provider configured: delivered to the development sink. */
  devSinkChannels: Channel[];
  /**
   * `enabled: false` makes an API-only process: it accepts and queues, other processes deliver.
   * `idleInTransactionMs`: the server ends a transaction idle this long (`PROVIDER_TIMEOUT_MS` +
   * 2 s: a delivery's inbox transaction waits for its provider call, and for the two attempt
   * records around it).
   */
  delivery: { enabled: boolean; concurrency: number; leaseMs: number; idleInTransactionMs: number };
  /** How long an `Idempotency-Key` is remembered (deleted within a minute after). */
  idempotencyKeyRetentionMs: number;
}

/** What a delivery's transaction may wait beyond its provider call: the attempt records on a second connection. */
const DELIVERY_TRANSACTION_SLACK_MS = 2_000;

/**
 * Reads and validates the environment, reporting every problem at once. Outside production,
 * unset values fall back to a local development setup (local PostgreSQL, a demo API key, the
 * development sink for channels without a provider).
 */
export function loadConfig(env: Record<string, string | undefined>): NotificationsConfig {
  const { values: e, common, problems } = readServiceEnv(env, NOTIFICATIONS_ENV);
  if (!e || !common) {
    throw new InvalidConfigError(problems);
  }
  const httpProvider = (url: string | undefined, token: string | undefined) => (url ? { url, token } : undefined);
  const httpProviders = {
    sms: httpProvider(e.SMS_PROVIDER_URL, e.SMS_PROVIDER_TOKEN),
    whatsapp: httpProvider(e.WHATSAPP_PROVIDER_URL, e.WHATSAPP_PROVIDER_TOKEN),
    push: httpProvider(e.PUSH_PROVIDER_URL, e.PUSH_PROVIDER_TOKEN),
  };
  const smtp = e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined;
  const devSinkChannels = CHANNELS.filter((channel) => (channel === 'email' ? !smtp : !httpProviders[channel]));
  if (common.production && devSinkChannels.length > 0 && e.ALLOW_DEV_SINK !== 'true') {
    // In production the sink would report notifications as sent that nobody received.
    problems.push(
      `no provider configured for ${devSinkChannels.join(', ')}: set its URL, or ALLOW_DEV_SINK=true to log instead of sending`,
    );
  }
  const idleInTransactionMs = e.PROVIDER_TIMEOUT_MS + DELIVERY_TRANSACTION_SLACK_MS;
  if (e.DELIVERY_ENABLED === 'true') {
    problems.push(
      ...[
        poolSizeProblem(common.databasePoolSize, e.DELIVERY_CONCURRENCY, 'DELIVERY_CONCURRENCY'),
        leaseProblem(
          e.DELIVERY_LEASE_MS,
          idleInTransactionMs,
          'DELIVERY_LEASE_MS',
          "PROVIDER_TIMEOUT_MS + 2 s: a delivery's transaction waits for its provider",
        ),
      ].filter((problem): problem is string => problem !== undefined),
    );
  }
  if (problems.length > 0) {
    throw new InvalidConfigError(problems);
  }
  return {
    ...common,
    port: e.NOTIFICATIONS_PORT,
    smtp,
    httpProviders,
    providerTimeoutMs: e.PROVIDER_TIMEOUT_MS,
    devSinkChannels,
    delivery: {
      enabled: e.DELIVERY_ENABLED === 'true',
      concurrency: e.DELIVERY_CONCURRENCY,
      leaseMs: e.DELIVERY_LEASE_MS,
      idleInTransactionMs,
    },
    idempotencyKeyRetentionMs: e.IDEMPOTENCY_KEY_RETENTION_MS,
  };
}
