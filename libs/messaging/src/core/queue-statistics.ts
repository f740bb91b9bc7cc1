import type { Database } from '../database/database';
import type { RetentionTask } from '../database/retention-cleaner';
import { bucketOf, emptyHistogram } from '../model/latency-histogram';
import type { MessagingLogger } from '../model/logger';
import type { TransportName } from '../model/messaging-options';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { QueueFigures } from '../model/queue-health';
import { QueueDepthSample, QueueHistoryBucket, queueHistoryBucket } from '../model/queue-history';
import type { Settlement } from '../transport/transport.interface';
import { StatisticsStatements, statisticsStatements } from './statistics-statements';

/** How the statistics are kept. */
export interface QueueStatisticsOptions {
  instanceId: string;
  /** How often this instance adds its counts to PostgreSQL. */
  flushIntervalMs: number;
  /** Counts are kept this long: the longest window health or the dashboard's history can ask for. */
  retentionMs: number;
}

/** One second of one queue's counts in this instance, before it is flushed. */
interface Bucket {
  queue: string;
  second: number;
  published: number;
  attempts: number;
  failed: number;
  completed: number;
  deadLettered: number;
  processingMs: number;
  processingHistogram: number[];
  endToEndHistogram: number[];
}

type FiguresRow = {
  published: number;
  attempts: number;
  failed_attempts: number;
  completed: number;
  dead_lettered: number;
  processing_ms: number;
  processing_histogram: number[];
  end_to_end_histogram: number[];
};

/**
 * What health figures are made of, on every transport: each instance counts in memory what it
 * published and what its consumers settled (attempts, failures, dead letters, processing and
 * end-to-end times as histograms) per queue and second, and adds the counts to PostgreSQL every
 * `flushIntervalMs` in one statement. `health()` reads a window's sums over every instance, so
 * its cost is the window's rows, never the queue's history; the message path pays a map lookup
 * and a few additions per message.
 */
export class QueueStatistics implements MessagingMetrics {
  private buckets = new Map<string, Bucket>();
  /** Each queue's bucket of the current second, also in `buckets`. */
  private current = new Map<string, Bucket>();
  private readonly statements: StatisticsStatements;
  private flushed: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: Database,
    private readonly options: QueueStatisticsOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.statements = statisticsStatements(database.schema);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Statistics older than their retention are deleted by the retention cleaner. */
  retentionTask(): RetentionTask {
    return { name: 'queue statistics', statement: this.statements['cleanup-queue-stats'], parameters: [this.options.retentionMs] };
  }

  /** `count` messages of `queue` were stored (committed, confirmed, or written in a caller's transaction). */
  published(queue: string, _transport: TransportName, count: number): void {
    this.bucket(queue).published += count;
  }

  /** An attempt was settled. A release gives a message back unstarted: no attempt, not counted. */
  settled(
    queue: string,
    _transport: TransportName,
    kind: Settlement['kind'],
    { processingMs, endToEndMs }: { processingMs: number; endToEndMs: number },
  ): void {
    if (kind === 'release') {
      return;
    }
    const bucket = this.bucket(queue);
    bucket.attempts += 1;
    if (kind === 'ack') {
      bucket.completed += 1;
      bucket.processingMs += processingMs;
      bucket.processingHistogram[bucketOf(processingMs)] += 1;
      bucket.endToEndHistogram[bucketOf(endToEndMs)] += 1;
    } else {
      bucket.failed += 1;
      if (kind === 'dead-letter') {
        bucket.deadLettered += 1;
      }
    }
  }

  /** Flushes this instance's counts, then reads the window's sums over every instance. */
  async window(queue: string, windowMs: number): Promise<QueueFigures> {
    await this.flush();
    const [row] = await this.database.query<FiguresRow>(this.statements['read-queue-stats'], [queue, windowMs]);
    return figuresOf(row);
  }

  /**
   * The window in buckets of `bucketMs`, oldest first, every bucket present (zeros where nothing
   * happened), each with the depth sampled in it (`depths`, by bucket start; see DepthSampler).
   */
  async history(
    queue: string,
    windowMs: number,
    bucketMs: number,
    depths: ReadonlyMap<number, QueueDepthSample>,
  ): Promise<QueueHistoryBucket[]> {
    await this.flush();
    const rows = await this.database.query<FiguresRow & { at: Date }>(this.statements['read-queue-history'], [queue, windowMs, bucketMs]);
    const byStart = new Map(rows.map((row) => [row.at.getTime(), row]));
    const last = Math.floor(Date.now() / bucketMs) * bucketMs;
    const buckets: QueueHistoryBucket[] = [];
    for (let at = last - Math.ceil(windowMs / bucketMs - 1) * bucketMs; at <= last; at += bucketMs) {
      const row = byStart.get(at);
      buckets.push(queueHistoryBucket(new Date(at), row ? figuresOf(row) : EMPTY_FIGURES, depths.get(at) ?? null));
    }
    return buckets;
  }

  /** Writes what is left and stops flushing. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /**
   * Adds the counts gathered so far to PostgreSQL. Flushes run one after another, and each call
   * gets one that starts after it was made, so a caller's own counts are in when it resolves.
   */
  flush(): Promise<void> {
    this.flushed = this.flushed.then(() => this.write());
    return this.flushed;
  }

  private bucket(queue: string): Bucket {
    const second = Math.floor(Date.now() / 1_000);
    // The message path asks for the same bucket thousands of times a second: no key string per call.
    const current = this.current.get(queue);
    if (current?.second === second) {
      return current;
    }
    const key = `${queue}|${second}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = {
        queue,
        second,
        published: 0,
        attempts: 0,
        failed: 0,
        completed: 0,
        deadLettered: 0,
        processingMs: 0,
        processingHistogram: emptyHistogram(),
        endToEndHistogram: emptyHistogram(),
      };
      this.buckets.set(key, bucket);
    }
    this.current.set(queue, bucket);
    return bucket;
  }

  private async write(): Promise<void> {
    const buckets = [...this.buckets.values()];
    if (buckets.length === 0) {
      return;
    }
    this.buckets = new Map();
    // Counts after this point go to new buckets, never to the ones being written.
    this.current = new Map();
    const instance = this.options.instanceId;
    try {
      await this.database.query(this.statements['record-queue-stats'], [
        JSON.stringify(
          buckets.map((b) => ({
            queue_name: b.queue,
            bucket_start: new Date(b.second * 1_000).toISOString(),
            instance_id: instance,
            published: b.published,
            attempts: b.attempts,
            failed_attempts: b.failed,
            completed: b.completed,
            dead_lettered: b.deadLettered,
            processing_ms: b.processingMs,
            processing_histogram: b.processingHistogram,
            end_to_end_histogram: b.endToEndHistogram,
          })),
        ),
      ]);
    } catch (error) {
      // Counts are statistics, not messages: losing one interval of them is logged, never retried forever.
      this.logger.warn({ err: (error as Error).message }, 'could not record queue statistics; health figures miss this interval');
    }
  }
}

const EMPTY_FIGURES: QueueFigures = {
  published: 0,
  attempts: 0,
  failedAttempts: 0,
  completed: 0,
  deadLettered: 0,
  processingMsTotal: 0,
  processingHistogram: [],
  endToEndHistogram: [],
};

function figuresOf(row: FiguresRow): QueueFigures {
  return {
    published: row.published,
    attempts: row.attempts,
    failedAttempts: row.failed_attempts,
    completed: row.completed,
    deadLettered: row.dead_lettered,
    processingMsTotal: row.processing_ms,
    processingHistogram: row.processing_histogram,
    endToEndHistogram: row.end_to_end_histogram,
  };
}
