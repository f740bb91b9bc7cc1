import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import type { BenchPayload } from '../../core/workload';
import type { SystemInfo } from '../../core/scenario';
import { SYSTEMS } from '../catalog';
import type { QueueDriver, RunningConsumer, Sandbox } from '../driver';

/** graphile-worker logs every job at info level; the benchmark prints its own table. */
const silent = new Logger(() => () => undefined);

/**
 * graphile-worker 0.17 (0.18 needs Node 22): `addJob` / `addJobs` through WorkerUtils, `run()`
 * with one task and the asked concurrency, in the sandbox's schema. `batched` applies the
 * settings of its documentation's performance page: a local queue of 500 jobs fetched in one
 * statement and completions (and failures) written in batches (`completeJobBatchDelay: 0`), pool
 * of concurrency + 1. Otherwise its defaults: each worker fetches one job per statement and
 * completes it on its own.
 */
export class GraphileWorkerDriver implements QueueDriver {
  readonly system: SystemInfo;
  private utils?: WorkerUtils;
  private sandbox?: Sandbox;

  constructor(private readonly batched: boolean) {
    this.system = batched ? SYSTEMS['graphile-worker-batched'] : SYSTEMS['graphile-worker-defaults'];
  }

  async setup(sandbox: Sandbox): Promise<void> {
    this.sandbox = sandbox;
    this.utils = await makeWorkerUtils({ connectionString: sandbox.databaseUrl, schema: sandbox.schema, logger: silent });
    await this.utils.migrate();
  }

  async enqueueOne(message: BenchPayload): Promise<void> {
    await this.utils!.addJob(this.sandbox!.queue, message);
  }

  async enqueueBatch(messages: readonly BenchPayload[]): Promise<void> {
    await this.utils!.addJobs(messages.map((payload) => ({ identifier: this.sandbox!.queue, payload })));
  }

  async startConsumer(concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer> {
    const runner: Runner = await run({
      connectionString: this.sandbox!.databaseUrl,
      schema: this.sandbox!.schema,
      concurrency,
      noHandleSignals: true,
      logger: silent,
      taskList: { [this.sandbox!.queue]: async (payload) => onMessage(payload as BenchPayload) },
      ...(this.batched
        ? {
            maxPoolSize: concurrency + 1,
            preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
          }
        : {}),
    });
    return { stop: () => runner.stop() };
  }

  async teardown(): Promise<void> {
    await this.utils?.release();
  }
}
