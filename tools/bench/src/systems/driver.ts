import type { BenchPayload } from '../core/workload';
import type { SystemInfo } from '../core/scenario';

/**
 * Where one run of one system keeps its data: plain JSON, so a consumer in a child process can
 * open the same queue. The run's owner (the parent process) drops all of it afterwards.
 */
export interface Sandbox {
  /** PostgreSQL database URL (may carry `application_name`, which the scaling run counts by). */
  databaseUrl: string;
  /** A schema of this run: PostgreSQL systems keep every table in it. */
  schema: string;
  /** The queue (or job name) of this run, unique in the shared RabbitMQ vhost and Redis. */
  queue: string;
  /** The run's RabbitMQ vhost URL. */
  rabbitmqUrl: string;
  /** Redis URL and the key prefix of this run (BullMQ's `prefix`), deleted afterwards. */
  redisUrl: string;
  redisPrefix: string;
}

/** A consumer started by a driver; `stop()` ends it gracefully. */
export interface RunningConsumer {
  stop(): Promise<void>;
  /**
   * Messages whose acknowledgement the system has written, where its public API tells (Tenaz's
   * `handle.counts.acked`): a drain is timed to the last acknowledgement when it can be, else to
   * the last message handed to the handler.
   */
  acknowledged?(): number;
}

/**
 * One queueing system behind the five operations every comparison scenario is made of. A driver
 * uses only the system's public API, as its documentation shows it (for Tenaz: createMessaging,
 * publish/publishMany and consume), so the harness never depends on anyone's internals.
 *
 * - `setup` opens connections and creates what the system needs in the sandbox; it is idempotent,
 *   so a consumer process can call it on a sandbox its parent set up.
 * - `enqueueOne` resolves once the message is as durable as the system makes it by default.
 * - `enqueueBatch` uses the system's batch API (or, without one, all messages at once).
 * - `startConsumer` handles messages with `concurrency` handlers (the drain and the latency runs).
 * - `teardown` closes what setup opened; the sandbox's data is dropped by its owner.
 */
export interface QueueDriver {
  readonly system: SystemInfo;
  setup(sandbox: Sandbox): Promise<void>;
  enqueueOne(message: BenchPayload): Promise<void>;
  enqueueBatch(messages: readonly BenchPayload[]): Promise<void>;
  startConsumer(concurrency: number, onMessage: (message: BenchPayload) => void): Promise<RunningConsumer>;
  teardown(): Promise<void>;
  /** An untimed faster fill of `count` messages, where the system has one (default: batches). */
  prefill?(count: number): Promise<void>;
}
