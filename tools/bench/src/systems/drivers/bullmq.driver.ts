import { Queue, Worker } from 'bullmq';
import type { BenchPayload } from '../../core/workload';
import { SYSTEMS } from '../catalog';
import type { QueueDriver, RunningConsumer, Sandbox } from '../driver';

/** The job name every bench job carries (BullMQ routes by queue; the name is informational). */
const JOB = 'bench';

/**
 * BullMQ 6 on Redis, defaults throughout: `add` and `addBulk`, a `Worker` with the asked
 * concurrency, keys under the run's own prefix (deleted afterwards). A reference for a queue that
 * is not durable by default: an acknowledged `add` is in Redis's memory, on disk only as Redis's
 * persistence settings say (this server: no AOF, no snapshots).
 */
export class BullMqDriver implements QueueDriver {
  readonly system = SYSTEMS['bullmq'];
  private queue?: Queue;
  private sandbox?: Sandbox;

  private connection() {
    const url = new URL(this.sandbox!.redisUrl);
    return { host: url.hostname, port: Number(url.port || 6379) };
  }

  async setup(sandbox: Sandbox): Promise<void> {
    this.sandbox = sandbox;
    this.queue = new Queue(sandbox.queue, { connection: this.connection(), prefix: sandbox.redisPrefix });
    await this.queue.waitUntilReady();
  }

  async enqueueOne(message: BenchPayload): Promise<void> {
    await this.queue!.add(JOB, message);
  }

  async enqueueBatch(messages: readonly BenchPayload[]): Promise<void> {
    await this.queue!.addBulk(messages.map((data) => ({ name: JOB, data })));
  }

  async startConsumer(concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer> {
    const worker = new Worker(this.sandbox!.queue, async (job) => onMessage(job.data as BenchPayload), {
      connection: this.connection(),
      prefix: this.sandbox!.redisPrefix,
      concurrency,
    });
    worker.on('error', (error) => process.stderr.write(`  [bullmq error] ${error.message}\n`));
    await worker.waitUntilReady();
    return { stop: () => worker.close() };
  }

  async teardown(): Promise<void> {
    await this.queue?.close();
  }
}
