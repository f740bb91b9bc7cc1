import type { TransportName } from '@tenaz/messaging';

/** What a worker process is told, as one JSON argument. */
export interface WorkerConfig {
  /** `consumer` handles the queue; `relay` runs only an outbox relay (RabbitMQ queues). */
  role: 'consumer' | 'relay';
  name: string;
  transport: Exclude<TransportName, 'debezium'>;
  queue: string;
  /** The queue database (the library's schema and the effects table live here). */
  connectionString: string;
  schema: string;
  /** The run's ledger database, where handler starts are recorded. */
  ledgerUrl: string;
  /** The broker, or the nodes of a cluster in the order the library tries them. */
  rabbitmqUrls?: string[];
  /** RabbitMQ quorum queues' replication factor, the same in every process (the queue is declared with it). */
  replicas?: number;
  leaseMs: number;
  pollIntervalMs: number;
  concurrency: number;
  /** How long a handler keeps its transaction open after writing its effect: the window a SIGKILL lands in. */
  handlerMs: number;
  heartbeatSeconds: number;
  queryTimeoutMs: number;
  maxRetries: number;
  /** relay role: die with SIGKILL when about to mark a confirmed batch sent, after this many marks. */
  dieAfterMarks?: number;
}

/** The table each handler writes its effect to, in its inbox transaction; not unique on purpose. */
export const EFFECTS_TABLE = 'faults_effects';
/** The consumer name of the workers' inbox. */
export const INBOX_NAME = 'faults';
