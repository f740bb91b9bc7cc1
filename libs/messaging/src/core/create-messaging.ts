import { resolveQueue } from './build-outgoing-message';
import { Consumer } from './consumer';
import { InvalidConfigurationError, MessagingClosedError } from '../model/errors';
import { createDefaultLogger } from '../model/logger';
import type { MessagingOptions, ResolvedQueue, TransportName } from '../model/messaging-options';
import { Publisher } from './publisher';
import { QueueHealth, queueHealth } from '../model/queue-health';
import type { QueueHistoryBucket } from '../model/queue-history';
import { QueueStatistics } from './queue-statistics';
import { DepthSampler } from './depth-sampler';
import { resolveOptions } from './resolve-options';
import { everyMetrics, MessagingMetrics, NO_METRICS } from '../metrics/messaging-metrics';
import { createPrometheusMetrics } from '../metrics/prometheus-metrics';
import { Inbox } from './inbox';
import { OutboxOperations } from '../outbox/outbox-operations';
import { outboxChannelOf } from '../outbox/outbox-writer';
import { createTransport } from '../transports/create-transport';
import type { Transport } from '../transport/transport.interface';
import { createDeadLetters, DeadLetters } from './dead-letters';
import { Database } from '../database/database';
import { migrate } from '../database/migrator';
import { RetentionCleaner, RetentionTask } from '../database/retention-cleaner';

/** A running messaging instance: see design.md §3. */
export interface Messaging {
  readonly publisher: Publisher;
  readonly consumer: Consumer;
  readonly deadLetters: DeadLetters;
  /** The transactional outbox of RabbitMQ queues: its backlog per queue, rows that failed every relay attempt, and their retry. */
  readonly outbox: Pick<OutboxOperations, 'backlog' | 'listFailed' | 'retryFailed'>;
  /** The configured queues, with defaults applied and transports decided. */
  readonly queues: ReadonlyMap<string, ResolvedQueue>;
  /** A queue's backlog, throughput, latencies, failure rate and SLA state over the health window (or `windowMs`). */
  health(queue: string, options?: { windowMs?: number }): Promise<QueueHealth>;
  /**
   * A queue's throughput, failures, latency percentiles and sampled depth over the last `windowMs`
   * (1 hour; at most the statistics retention) in buckets of `bucketMs` (1 minute), oldest first,
   * every bucket present (zeros where nothing happened, a null depth where nothing was sampled).
   */
  healthHistory(queue: string, options?: { windowMs?: number; bucketMs?: number }): Promise<QueueHistoryBucket[]>;
  /** Whether each transport in use answers now. */
  ping(): Promise<Partial<Record<TransportName, boolean>>>;
  /** Graceful: stops consumers (draining running handlers), then closes every connection. */
  close(): Promise<void>;
}

/**
 * Connects, migrates the library's schema and starts the transports the queues need. Throws
 * `InvalidConfigurationError` listing every problem before connecting to anything.
 */
export async function createMessaging(input: MessagingOptions): Promise<Messaging> {
  const options = resolveOptions(input);
  const logger = options.logger ?? createDefaultLogger();
  const postgres = options.postgres as NonNullable<typeof options.postgres>;
  const database = new Database(
    {
      connectionString: postgres.connectionString,
      schema: postgres.schema,
      poolSize: postgres.poolSize,
      queryTimeoutMs: postgres.queryTimeoutMs,
      transactionIdleTimeoutMs: postgres.transactionIdleTimeoutMs,
      applicationName: `tenaz:${options.instanceId}`.slice(0, 63),
    },
    logger,
  );
  const transports = new Map<TransportName, Transport>();
  const cleaner = new RetentionCleaner(database, options.retention, logger);
  // Statistics and depth samples are kept as long as the longest window health or history may ask for.
  const statisticsRetentionMs = Math.max(options.retention.statisticsMs, options.healthWindowMs);
  const statistics = new QueueStatistics(
    database,
    {
      instanceId: options.instanceId,
      flushIntervalMs: options.statsFlushIntervalMs,
      retentionMs: statisticsRetentionMs,
    },
    logger,
  );
  const depthSampler = new DepthSampler(
    database,
    [...options.queues.keys()],
    (queueName) => {
      const queue = resolveQueue(queueName, options.queues);
      return (transports.get(queue.transport) as Transport).depth(queue);
    },
    {
      instanceId: options.instanceId,
      intervalMs: options.depthSampleIntervalMs,
      retentionMs: statisticsRetentionMs,
    },
    logger,
  );
  let closed = false;

  try {
    if (postgres.migrate) {
      await migrate(database, logger);
    }
    const context = {
      database,
      retention: {
        register: (task: RetentionTask) => cleaner.register(task),
        deadLetteredMs: options.retention.deadLetteredMs,
        debeziumOutboxMs: options.retention.debeziumOutboxMs,
      },
      instanceId: options.instanceId,
      logger,
    };
    for (const name of new Set([...options.queues.values()].map((queue) => queue.transport))) {
      const transport = await createTransport(name, context, { rabbitmq: options.rabbitmq });
      await transport.start([...options.queues.values()].filter((queue) => queue.transport === name));
      transports.set(name, transport);
    }
    cleaner.register(Inbox.retentionTask(database, options.retention.inboxMs));
    cleaner.register(statistics.retentionTask());
    cleaner.register(depthSampler.retentionTask());
    cleaner.start();
    statistics.start();
    depthSampler.start();
  } catch (error) {
    await Promise.all([...transports.values()].map((transport) => transport.close().catch(() => undefined)));
    await database.close().catch(() => undefined);
    throw error;
  }

  const transportFor = (name: TransportName): Transport => transports.get(name) as Transport;
  // Publishing stays open while consumers drain: a running handler may still publish follow-ups.
  const isClosed = () => closed;
  const isClosing = () => closing !== undefined;
  const health = async (queueName: string, healthOptions?: { windowMs?: number }): Promise<QueueHealth> => {
    const queue = resolveQueue(queueName, options.queues);
    const windowMs = checkWindow(healthOptions?.windowMs ?? options.healthWindowMs, 'windowMs');
    const [depth, figures] = await Promise.all([transportFor(queue.transport).depth(queue), statistics.window(queue.name, windowMs)]);
    return queueHealth(queue, windowMs, depth, figures);
  };
  const healthHistory = async (
    queueName: string,
    historyOptions?: { windowMs?: number; bucketMs?: number },
  ): Promise<QueueHistoryBucket[]> => {
    const queue = resolveQueue(queueName, options.queues);
    const windowMs = checkWindow(historyOptions?.windowMs ?? 60 * 60_000, 'windowMs');
    const bucketMs = checkWindow(historyOptions?.bucketMs ?? 60_000, 'bucketMs');
    if (windowMs / bucketMs > 1_440) {
      throw new InvalidConfigurationError([`bucketMs: ${bucketMs} ms makes more than 1440 buckets of a ${windowMs} ms window`]);
    }
    return statistics.history(queue.name, windowMs, bucketMs, await depthSampler.history(queue.name, windowMs, bucketMs));
  };
  const metrics: MessagingMetrics = everyMetrics(
    statistics,
    options.metrics
      ? createPrometheusMetrics(
          options.metrics.registry as never,
          new Map([...options.queues.values()].map((queue) => [queue.name, queue.transport])),
          (queue) => health(queue),
        )
      : NO_METRICS,
  );
  const publisher = new Publisher({ queues: options.queues, transportFor, metrics, logger, isClosed });
  let closing: Promise<void> | undefined;
  const consumer = new Consumer({ queues: options.queues, transportFor, inbox: new Inbox(database), metrics, logger, isClosed: isClosing });

  const queueTransport = (queueName: string): Transport => transportFor(resolveQueue(queueName, options.queues).transport);

  return {
    publisher,
    consumer,
    queues: options.queues,
    health,
    healthHistory,
    outbox: new OutboxOperations(database, outboxChannelOf(database.channel)),
    deadLetters: createDeadLetters(queueTransport),
    async ping() {
      if (closed) {
        throw new MessagingClosedError();
      }
      const entries = await Promise.all([...transports].map(async ([name, transport]) => [name, await transport.ping()] as const));
      return Object.fromEntries(entries);
    },
    close() {
      closing ??= (async () => {
        await consumer.stopAll();
        closed = true;
        await cleaner.stop();
        await depthSampler.close();
        await statistics.close();
        await Promise.all([...transports.values()].map((transport) => transport.close()));
        await database.close();
        logger.info({ instanceId: options.instanceId }, 'messaging closed');
      })();
      return closing;
    },
  };
}

/** A window or bucket length the statistics can answer: whole milliseconds from 1 s to a day. */
function checkWindow(ms: number, name: string): number {
  if (!Number.isInteger(ms) || ms < 1_000 || ms > 24 * 60 * 60_000) {
    throw new InvalidConfigurationError([`${name}: an integer number of milliseconds from 1000 to 86400000`]);
  }
  return ms;
}
