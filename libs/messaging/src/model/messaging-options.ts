import { z } from 'zod';
import type { MessagingLogger } from './logger';
import type { RetryPolicy } from './retry-policy';

/**
 * The transports a queue can run on. `debezium` only writes: its messages go to an outbox table
 * that Debezium streams to Kafka, and they are consumed from Kafka (docs/kafka.md).
 */
export const TRANSPORT_NAMES = ['postgres', 'rabbitmq', 'debezium'] as const;
export type TransportName = (typeof TRANSPORT_NAMES)[number];

/**
 * Queue names double as PostgreSQL values, NOTIFY payloads and AMQP queue names. Lower case and a
 * 63-byte cap keep them identical everywhere: PostgreSQL folds unquoted identifiers to lower case
 * and cuts them at 63 bytes.
 */
export const QUEUE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** A PostgreSQL schema name that needs no quoting surprises (it is still always escaped). */
const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,49}$/;

const retrySchema = z
  .object({
    backoff: z.enum(['exponential', 'linear', 'fixed']).default('exponential'),
    maxRetries: z.number().int().min(0).max(1_000).default(3),
    baseDelayMs: z.number().int().min(0).default(1_000),
    maxDelayMs: z.number().int().min(0).default(60_000),
    jitter: z.boolean().default(false),
  })
  .strict();

const queueSchema = z
  .object({
    /** The queue's service level: a message should complete within this long of becoming due. */
    slaMs: z.number().int().positive(),
    retry: retrySchema.prefault({}),
    transport: z.enum(TRANSPORT_NAMES).optional(),
    leaseMs: z.number().int().min(1_000).default(30_000),
    concurrency: z.number().int().min(1).max(1_000).default(10),
    prefetch: z.number().int().min(1).max(10_000).optional(),
    pollIntervalMs: z.number().int().min(10).default(5_000),
    maxPayloadBytes: z
      .number()
      .int()
      .min(1)
      .max(64 * 1024 * 1024)
      .default(256 * 1024),
    drainTimeoutMs: z.number().int().min(0).default(10_000),
    /**
     * RabbitMQ only: how many cluster nodes hold a replica of each of the queue's quorum queues
     * (`x-quorum-initial-group-size`). Unset, the broker's default. A queue keeps working while
     * a majority of its replicas is up.
     */
    replicas: z.number().int().min(1).max(99).optional(),
  })
  .strict();

function isAmqpUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'amqp:' || protocol === 'amqps:';
  } catch {
    return false;
  }
}

const amqpUrlSchema = z.string().min(1).refine(isAmqpUrl, 'an amqp:// or amqps:// URL');

/**
 * The RabbitMQ connection and how the transport behaves. Every field but `url` has a default; an
 * unknown field is an error (a typo must not silently fall back to a default).
 */
const rabbitmqSchema = z
  .object({
    /**
     * `amqp://user:password@host:5672/vhost`, or the nodes of a cluster in the order to try them:
     * each connection goes to the first that answers and, when it is lost, to the next one.
     * Never logged (only host and port are), nor echoed in errors.
     */
    url: z.union([amqpUrlSchema, z.array(amqpUrlSchema).min(1).max(32)]),
    /** AMQP heartbeat: a dead broker or a cut network is noticed within two beats. */
    heartbeatSeconds: z.number().int().min(1).max(600).default(10),
    connectTimeoutMs: z.number().int().min(100).default(10_000),
    /** A publish not confirmed within this long fails (its message may or may not be stored). */
    confirmTimeoutMs: z.number().int().min(100).default(10_000),
    reconnect: z
      .object({ minDelayMs: z.number().int().min(10).default(100), maxDelayMs: z.number().int().min(10).default(5_000) })
      .strict()
      .prefault({}),
    /**
     * The longest "the higher-priority queues are empty" stays true for later lower-priority
     * deliveries while the consumer's higher-priority consumers keep spare prefetch (see
     * priority-gate.ts). 0 checks the higher queues for every batch of lower deliveries.
     */
    priorityCheckMs: z.number().int().min(0).max(60_000).default(1_000),
    /**
     * Retries due within this long wait in the consumer (the message stays held) instead of the
     * delay ladder, whose hops cost tens of milliseconds each. 0 sends every retry through the ladder.
     */
    holdRetriesUpToMs: z.number().int().min(0).max(60_000).default(250),
    /** When RabbitMQ cannot take a publish, write it to the outbox (durable) instead of failing. */
    spillToOutbox: z.boolean().default(false),
    /** How often each instance adds its queue statistics to PostgreSQL. */
    statsFlushIntervalMs: z.number().int().min(100).max(60_000).default(1_000),
    outbox: z
      .object({
        /** Run an outbox relay in this process (any number may run). */
        relay: z.boolean().default(true),
        pollIntervalMs: z.number().int().min(10).default(5_000),
        // 1,000 rows a cycle and two cycles at once: 5,400 rows/s measured here with one
        // 2,000-row cycle against 2,900 with one of 500 (per-cycle claim, mark and commit).
        batchSize: z.number().int().min(1).max(10_000).default(1_000),
        /**
         * Most payload bytes one relay cycle claims (the first row always, whatever its size): a
         * cycle holds them twice (the text from PostgreSQL and the buffer it publishes), so a relay
         * holds at most about 2 × concurrency × batchBytes of payload. 8 MiB: 1,000 rows of 8 KiB,
         * or 32 of the default 256 KiB maximum.
         */
        batchBytes: z
          .number()
          .int()
          .min(1_024)
          .max(1024 * 1024 * 1024)
          .default(8 * 1024 * 1024),
        concurrency: z.number().int().min(1).max(16).default(2),
        maxAttempts: z.number().int().min(1).max(1_000).default(10),
        retryBaseDelayMs: z.number().int().min(0).default(1_000),
        retryMaxDelayMs: z.number().int().min(0).default(60_000),
        sentRetentionMs: z
          .number()
          .int()
          .min(0)
          .default(10 * 60_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const tierSchema = z.object({ maxSlaMs: z.number().int().positive(), transport: z.enum(TRANSPORT_NAMES) }).strict();

const optionsSchema = z
  .object({
    postgres: z
      .object({
        connectionString: z.string().min(1),
        schema: z.string().regex(SCHEMA_NAME_PATTERN, 'a schema name: lower case, up to 50 characters').default('tenaz'),
        poolSize: z.number().int().min(2).max(200).default(10),
        /** A statement that gets no answer this long fails (a silent network partition would hang it forever). */
        queryTimeoutMs: z.number().int().min(100).default(30_000),
        /**
         * The server ends a library transaction that sits idle this long (a frozen or partitioned
         * process), releasing its locks. Inbox transactions are bounded by their queue's lease instead.
         */
        transactionIdleTimeoutMs: z.number().int().min(1_000).default(60_000),
        /** Run the library's migrations on start (default). Turn off when a deploy step runs them. */
        migrate: z.boolean().default(true),
      })
      .strict()
      .optional(),
    rabbitmq: rabbitmqSchema.optional(),
    queues: z.record(z.string(), queueSchema),
    transportPolicy: z
      .object({ tiers: z.array(tierSchema).default([]), default: z.enum(TRANSPORT_NAMES).default('postgres') })
      .strict()
      .default({ tiers: [], default: 'postgres' }),
    retention: z
      .object({
        deadLetteredMs: z.number().int().min(0).nullable().default(null),
        /** Per-second queue statistics are kept this long: the longest health window or history asked for. */
        statisticsMs: z
          .number()
          .int()
          .min(60_000)
          .default(60 * 60_000),
        inboxMs: z
          .number()
          .int()
          .min(0)
          .default(7 * 24 * 60 * 60_000),
        /** Rows of `debezium` queues: Debezium reads the WAL, so this only bounds the table (and what a connector snapshot would re-read). */
        debeziumOutboxMs: z
          .number()
          .int()
          .min(0)
          .default(7 * 24 * 60 * 60_000),
        cleanupIntervalMs: z.number().int().min(100).default(10_000),
        cleanupBatchSize: z.number().int().min(1).max(100_000).default(5_000),
      })
      .strict()
      .prefault({}),
    healthWindowMs: z.number().int().min(1_000).default(60_000),
    /** How often each instance adds its queue statistics (published, settled, latencies) to PostgreSQL. */
    statsFlushIntervalMs: z.number().int().min(100).max(60_000).default(1_000),
    /** How often each instance samples every queue's depth for the history (a count per queue: keep it coarse). */
    depthSampleIntervalMs: z.number().int().min(1_000).max(600_000).default(10_000),
    instanceId: z.string().min(1).max(100).optional(),
    logger: z.custom<MessagingLogger>().optional(),
    metrics: z.custom<MetricsOptions>().optional(),
  })
  .strict();

/** Options of one queue as a caller writes them; every field but `slaMs` has a default. */
export type QueueOptions = z.input<typeof queueSchema>;

/** Options of `createMessaging`. */
export type MessagingOptions = z.input<typeof optionsSchema>;

/** RabbitMQ options with defaults applied. */
export type RabbitMqOptions = z.output<typeof rabbitmqSchema>;

/** Where the library registers its Prometheus metrics (a prom-client `Registry`). */
export interface MetricsOptions {
  registry: unknown;
}

/** A queue with every default applied and its transport decided. */
export interface ResolvedQueue {
  name: string;
  slaMs: number;
  retry: RetryPolicy;
  transport: TransportName;
  leaseMs: number;
  concurrency: number;
  prefetch: number;
  pollIntervalMs: number;
  maxPayloadBytes: number;
  drainTimeoutMs: number;
  /** RabbitMQ quorum queues' replication factor; undefined: the broker's default. */
  replicas?: number;
}

/** `MessagingOptions` with defaults applied. */
export type ResolvedOptions = Omit<z.output<typeof optionsSchema>, 'queues'> & {
  queues: ReadonlyMap<string, ResolvedQueue>;
  instanceId: string;
};

/** Validates `createMessaging` options, returning every problem at once. */
export function parseMessagingOptions(
  input: unknown,
): { ok: true; value: z.output<typeof optionsSchema> } | { ok: false; problems: string[] } {
  const parsed = optionsSchema.safeParse(input);
  if (parsed.success) {
    return { ok: true, value: parsed.data };
  }
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`),
  };
}
