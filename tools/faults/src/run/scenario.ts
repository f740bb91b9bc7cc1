import type { Messaging } from '@tenaz/messaging';
import type { RabbitMqCluster, TcpProxy, ThrowawayCluster } from '@tenaz/test-kit';
import type { Ledger } from '../checker/ledger';
import type { Promises } from '../checker/reliability-figures';
import type { Producer } from './producer';
import type { WorkerFleet } from './worker-fleet';

/** The transports a scenario can run on. */
export type FaultTransport = 'postgres' | 'rabbitmq';

/** How a run is set up; every scenario starts from `DEFAULT_SETTINGS` and changes what it needs. */
export interface RunSettings {
  /** Consumer processes at the start. */
  workers: number;
  concurrency: number;
  leaseMs: number;
  /** The polling backstop of the PostgreSQL transport (LISTEN/NOTIFY wakes consumers sooner). */
  pollIntervalMs: number;
  /** How long each handler keeps its transaction open after writing its effect. */
  handlerMs: number;
  maxRetries: number;
  heartbeatSeconds: number;
  queryTimeoutMs: number;
  /** Messages per second the producer aims at. */
  rate: number;
  poisonEvery: number;
  delayMs: (index: number) => number;
  mode: 'direct' | 'outbox';
  /** `throwaway`: the queue database is a cluster of the run's own (it gets restarted). */
  database: 'shared' | 'throwaway';
  /**
   * Where RabbitMQ queues run: the shared broker (in a vhost of the run's own), a node of the run's
   * own (`own-node`: it gets killed), or three such nodes clustered (`cluster`: quorum queues
   * replicated on all three).
   */
  broker: 'shared' | 'own-node' | 'cluster';
  /** Route the library's PostgreSQL and/or RabbitMQ connections through a TCP proxy (RabbitMQ: the shared broker or a single own node). */
  proxy: { postgres: boolean; rabbitmq: boolean };
  /** How long the queue may take to drain after the last publish. */
  drainTimeoutMs: number;
}

export const DEFAULT_SETTINGS: RunSettings = {
  workers: 2,
  concurrency: 8,
  leaseMs: 3_000,
  pollIntervalMs: 1_000,
  handlerMs: 2,
  maxRetries: 5,
  heartbeatSeconds: 5,
  queryTimeoutMs: 5_000,
  // Below what two consumers handle on this loaded 2-core machine (about 190/s measured with the
  // baseline at 400/s offered), so that recovery measures the fault and not a growing backlog.
  rate: 150,
  poisonEvery: 0,
  delayMs: () => 0,
  mode: 'direct',
  database: 'shared',
  broker: 'shared',
  proxy: { postgres: false, rabbitmq: false },
  drainTimeoutMs: 120_000,
};

/** What a scenario's fault injection works with while the producer runs. */
export interface ScenarioEnvironment {
  transport: FaultTransport;
  settings: RunSettings;
  queue: string;
  fleet: WorkerFleet;
  producer: Producer;
  /** The producer's own instance of the library. */
  messaging: Messaging;
  ledger: Ledger;
  /** The queue database (its URL as the library sees it: through the proxy when there is one). */
  queueDatabaseUrl: string;
  /** The queue database, bypassing any proxy (for pg_terminate_backend and the like). */
  directDatabaseUrl: string;
  schema: string;
  cluster?: ThrowawayCluster;
  postgresProxy?: TcpProxy;
  rabbitmqProxy?: TcpProxy;
  vhost?: string;
  /** The run's own RabbitMQ nodes (`broker: 'own-node'` or `'cluster'`). */
  rabbitmqCluster?: RabbitMqCluster;
  /** True until the producer has sent its last message. */
  producing(): boolean;
  /** Runs `action` as a named fault: records when it began and when it ended in the ledger. */
  fault(name: string, action: () => Promise<void>): Promise<void>;
  /** Lines for the report: bounds observed, what the scenario saw. */
  note(line: string): void;
  /** A failed expectation of the scenario's own (beyond the checker's verdict): the run fails with it. */
  problem(line: string): void;
  /** Resolves after `ms`, early when the producer has finished (a fault loop's pacing). */
  pauseWhileProducing(ms: number): Promise<void>;
}

/** One scenario of the suite (issue 9's numbering). */
export interface Scenario {
  number: number;
  id: string;
  title: string;
  transports: readonly FaultTransport[];
  /** Messages in a full run and in the bounded subset of `npm test`. */
  messages: { full: number; quick: number };
  /** What the scenario changes from `DEFAULT_SETTINGS`, per transport when they differ. */
  settings: Partial<RunSettings> | ((transport: FaultTransport) => Partial<RunSettings>);
  promises: Promises;
  /** One sentence for the report: what is done and what bound is stated. */
  description: string;
  /** True when the scenario stops or alarms a shared server: run it under `flock -x /tmp/tenaz-servers.lock`. */
  touchesSharedServers?: boolean;
  /**
   * A run to compare with, made just before on the same transport: the scenario's settings with
   * these changes and no fault. The scenario's latency p99 must stay within `p99Factor` × the
   * control's + `p99SlackMs` (run/run-with-control.ts).
   */
  control?: { description: string; settings: Partial<RunSettings>; p99Factor: number; p99SlackMs: number };
  /** Injects the scenario's faults while the producer runs; resolves when done (and everything restored). */
  inject?(env: ScenarioEnvironment): Promise<void>;
  /** Restores what `inject` may have left broken (runs even when the run failed). */
  restore?(env: ScenarioEnvironment): Promise<void>;
}
