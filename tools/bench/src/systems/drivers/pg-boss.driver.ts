import PgBoss from 'pg-boss';
import type { BenchPayload } from '../../core/workload';
import type { SystemInfo } from '../../core/scenario';
import { SYSTEMS } from '../catalog';
import type { QueueDriver, RunningConsumer, Sandbox } from '../driver';

/**
 * pg-boss's documented fastest settings for throughput: fetch jobs in batches (`batchSize`, the
 * handler gets the array) and poll at the smallest interval it accepts (0.5 s). pg-boss 10 has no
 * LISTEN/NOTIFY: a worker polls, and after each fetch it waits out the rest of its interval.
 */
const FASTEST = { batchSize: 100, pollingIntervalSeconds: 0.5 } as const;

/**
 * pg-boss 10 (the newest that runs on Node 20; 11 and 12 need Node 22): `send` and `insert` to
 * enqueue, one `work()` worker loop per unit of concurrency (its documented way to run jobs in
 * parallel), in the sandbox's schema. `fastest` applies FASTEST and a pool as large as the
 * workers; otherwise every setting is pg-boss's default (batch of 1, poll every 2 s, pool of 10).
 */
export class PgBossDriver implements QueueDriver {
  readonly system: SystemInfo;
  private boss?: PgBoss;
  private queue = '';
  private readonly workers: string[] = [];

  constructor(private readonly fastest: boolean) {
    this.system = fastest ? SYSTEMS['pg-boss-fastest'] : SYSTEMS['pg-boss-defaults'];
  }

  async setup(sandbox: Sandbox): Promise<void> {
    // pg-boss derives queue table names from the queue name: letters, digits and _ only.
    this.queue = sandbox.queue;
    this.boss = new PgBoss({ connectionString: sandbox.databaseUrl, schema: sandbox.schema, ...(this.fastest ? { max: 20 } : {}) });
    this.boss.on('error', (error) => process.stderr.write(`  [pg-boss error] ${error.message}\n`));
    await this.boss.start();
    if (!(await this.boss.getQueue(this.queue))) {
      await this.boss.createQueue(this.queue);
    }
  }

  async enqueueOne(message: BenchPayload): Promise<void> {
    await this.boss!.send(this.queue, message);
  }

  async enqueueBatch(messages: readonly BenchPayload[]): Promise<void> {
    await this.boss!.insert(messages.map((data) => ({ name: this.queue, data })));
  }

  async startConsumer(concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer> {
    for (let worker = 0; worker < concurrency; worker += 1) {
      const handler = async (jobs: PgBoss.Job<BenchPayload>[]) => {
        jobs.forEach((job) => onMessage(job.data));
      };
      this.workers.push(this.fastest ? await this.boss!.work(this.queue, FASTEST, handler) : await this.boss!.work(this.queue, handler));
    }
    return {
      stop: async () => {
        await Promise.all(this.workers.splice(0).map((id) => this.boss!.offWork({ id })));
      },
    };
  }

  async teardown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 5_000 });
  }
}
