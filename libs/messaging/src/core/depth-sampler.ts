import type { Database } from '../database/database';
import type { RetentionTask } from '../database/retention-cleaner';
import type { MessagingLogger } from '../model/logger';
import type { QueueDepth } from '../model/queue-health';
import type { QueueDepthSample } from '../model/queue-history';
import { StatisticsStatements, statisticsStatements } from './statistics-statements';

/** How depth samples are taken and kept. */
export interface DepthSamplerOptions {
  instanceId: string;
  /** How often every queue's depth is sampled. */
  intervalMs: number;
  /** Samples are kept as long as the statistics they are drawn beside. */
  retentionMs: number;
}

type DepthRow = { at: Date; pending: number; processing: number; dead_lettered: number; oldest_pending_age_ms: number };

/**
 * A queue's depth is a state, not a count the message path could add up: to draw it over the
 * last hour, each instance asks every transport for every queue's depth every `intervalMs` and
 * stores the samples in one statement. The first sample comes one interval after start, so a
 * short-lived instance (the CLI) never writes any. A queue whose transport cannot answer is left
 * out of that round: a gap in the chart, never a made-up zero.
 */
export class DepthSampler {
  private readonly statements: StatisticsStatements;
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly queues: readonly string[],
    private readonly depthOf: (queue: string) => Promise<QueueDepth>,
    private readonly options: DepthSamplerOptions,
    private readonly logger: MessagingLogger,
  ) {
    this.statements = statisticsStatements(database.schema);
  }

  start(): void {
    this.timer = setInterval(() => {
      // A round still running (a slow count) is not overtaken by the next one.
      this.sampling = this.sampling.then(() => this.sample());
    }, this.options.intervalMs);
    this.timer.unref();
  }

  retentionTask(): RetentionTask {
    return { name: 'queue depth samples', statement: this.statements['cleanup-queue-depth'], parameters: [this.options.retentionMs] };
  }

  /** Takes one sample of every queue now and stores it. */
  async sample(): Promise<void> {
    const sampledAt = new Date().toISOString();
    const depths = await Promise.allSettled(this.queues.map((queue) => this.depthOf(queue)));
    const rows = depths.flatMap((depth, index) =>
      depth.status === 'fulfilled'
        ? [
            {
              queue_name: this.queues[index],
              sampled_at: sampledAt,
              instance_id: this.options.instanceId,
              pending: depth.value.pending,
              processing: depth.value.processing,
              dead_lettered: depth.value.deadLettered,
              oldest_pending_age_ms: depth.value.oldestPendingAgeMs,
            },
          ]
        : [],
    );
    if (rows.length < this.queues.length) {
      this.logger.warn(
        { missing: this.queues.length - rows.length },
        'could not sample the depth of every queue; its depth chart has a gap',
      );
    }
    if (rows.length === 0) {
      return;
    }
    try {
      await this.database.query(this.statements['record-queue-depth'], [JSON.stringify(rows)]);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not record queue depth samples; the depth chart misses this sample');
    }
  }

  /** The latest sample in each bucket of the window, by bucket start (ms). */
  async history(queue: string, windowMs: number, bucketMs: number): Promise<Map<number, QueueDepthSample>> {
    const rows = await this.database.query<DepthRow>(this.statements['read-queue-depth-history'], [queue, windowMs, bucketMs]);
    return new Map(
      rows.map((row) => [
        row.at.getTime(),
        {
          pending: row.pending,
          processing: row.processing,
          deadLettered: row.dead_lettered,
          oldestPendingAgeMs: row.oldest_pending_age_ms,
        },
      ]),
    );
  }

  /** Stops sampling, after a round in progress. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
  }
}
