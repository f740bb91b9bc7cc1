import { escapeIdentifier, Pool } from 'pg';
import { createMessaging, type Messaging } from '@tenaz/messaging';
import {
  createTestDatabase,
  createTestVhost,
  startRabbitMqCluster,
  startThrowawayCluster,
  type RabbitMqCluster,
  TcpProxy,
  type TestDatabase,
  type TestVhost,
  type ThrowawayCluster,
} from '@tenaz/test-kit';
import { Ledger } from '../checker/ledger';
import { verdict, type ReliabilityFigures } from '../checker/reliability-figures';
import { EFFECTS_TABLE } from '../worker/worker-config';
import { Producer } from './producer';
import { DEFAULT_SETTINGS, type FaultTransport, type RunSettings, type Scenario, type ScenarioEnvironment } from './scenario';
import { WorkerFleet } from './worker-fleet';
import { collectOutcomes } from './collect-outcomes';
import { SILENT_LOGGER } from './silent-logger';

const SHARED_RABBITMQ = process.env['TENAZ_TEST_RABBITMQ'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const SCHEMA = 'faults';
const QUEUE = 'fault_run';

/** One scenario's run on one transport: its figures, and why it failed (empty when it passed). */
export interface ScenarioResult {
  scenario: Scenario;
  transport: FaultTransport;
  messages: number;
  figures: ReliabilityFigures;
  problems: string[];
  notes: string[];
  startedAt: Date;
  wallMs: number;
}

/** `url` with its host and port replaced by the proxy's. */
function throughProxy(url: string, proxy: TcpProxy | undefined): string {
  if (!proxy) return url;
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.toString();
}

/**
 * Runs one scenario on one transport, in a database (and vhost, and cluster) of its own: the
 * producer publishes `messages` keyed messages while workers consume them in child processes and
 * the scenario injects its faults; then the queue drains (bounded), the effects and dead letters
 * are copied into the ledger and the checker computes the figures and the verdict. Everything it
 * started is stopped and dropped, whatever happened.
 */
export async function runScenario(scenario: Scenario, transport: FaultTransport, messages: number): Promise<ScenarioResult> {
  const settings: RunSettings = {
    ...DEFAULT_SETTINGS,
    ...(typeof scenario.settings === 'function' ? scenario.settings(transport) : scenario.settings),
  };
  const startedAt = new Date();
  const notes: string[] = [];
  const ownProblems: string[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  let env: ScenarioEnvironment | undefined;
  try {
    const runDatabase: TestDatabase = await createTestDatabase(`faults_${scenario.id}`);
    cleanups.push(() => runDatabase.drop());
    const ledger = await Ledger.create(runDatabase.url);
    cleanups.push(() => ledger.close());

    let directDatabaseUrl = runDatabase.url;
    let cluster: ThrowawayCluster | undefined;
    if (settings.database === 'throwaway') {
      cluster = await startThrowawayCluster();
      cleanups.push(() => cluster!.stop());
      directDatabaseUrl = cluster.url();
    }
    const postgresProxy = settings.proxy.postgres
      ? await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(directDatabaseUrl).port || 5432) })
      : undefined;
    if (postgresProxy) cleanups.push(() => postgresProxy.close());
    const queueDatabaseUrl = throughProxy(directDatabaseUrl, postgresProxy);

    let vhost: TestVhost | undefined;
    let rabbitmqProxy: TcpProxy | undefined;
    let rabbitmqUrls: string[] | undefined;
    let rabbitmqCluster: RabbitMqCluster | undefined;
    if (transport === 'rabbitmq' && settings.broker !== 'shared') {
      rabbitmqCluster = await startRabbitMqCluster(settings.broker === 'cluster' ? 3 : 1);
      cleanups.push(() => rabbitmqCluster!.stop());
      rabbitmqUrls = rabbitmqCluster.urls;
      if (settings.proxy.rabbitmq && rabbitmqCluster.nodes.length === 1) {
        rabbitmqProxy = await TcpProxy.start({ host: '127.0.0.1', port: rabbitmqCluster.nodes[0]!.amqpPort });
        cleanups.push(() => rabbitmqProxy!.close());
        rabbitmqUrls = [throughProxy(rabbitmqCluster.nodes[0]!.url, rabbitmqProxy)];
      }
    } else if (transport === 'rabbitmq') {
      vhost = await createTestVhost(`faults_${scenario.id}`);
      cleanups.push(() => vhost!.drop());
      const broker = new URL(SHARED_RABBITMQ);
      rabbitmqProxy = settings.proxy.rabbitmq
        ? await TcpProxy.start({ host: broker.hostname, port: Number(broker.port || 5672) })
        : undefined;
      if (rabbitmqProxy) cleanups.push(() => rabbitmqProxy!.close());
      rabbitmqUrls = [throughProxy(vhost.url, rabbitmqProxy)];
    }
    const replicas = settings.broker === 'cluster' ? rabbitmqCluster?.nodes.length : undefined;

    const messaging: Messaging = await createMessaging({
      postgres: { connectionString: queueDatabaseUrl, schema: SCHEMA, queryTimeoutMs: settings.queryTimeoutMs },
      rabbitmq: rabbitmqUrls
        ? {
            url: rabbitmqUrls,
            heartbeatSeconds: settings.heartbeatSeconds,
            reconnect: { minDelayMs: 100, maxDelayMs: 1_000 },
            confirmTimeoutMs: 5_000,
            outbox: { relay: false },
          }
        : undefined,
      queues: {
        [QUEUE]: {
          slaMs: 30_000,
          transport,
          leaseMs: settings.leaseMs,
          pollIntervalMs: settings.pollIntervalMs,
          retry: { backoff: 'fixed', maxRetries: settings.maxRetries, baseDelayMs: 20, maxDelayMs: 20 },
          ...(replicas === undefined ? {} : { replicas }),
        },
      },
      instanceId: `producer-${scenario.id}`,
      logger: SILENT_LOGGER,
    });
    cleanups.push(() => messaging.close());
    const effects = `${escapeIdentifier(SCHEMA)}.${escapeIdentifier(EFFECTS_TABLE)}`;
    const admin = new Pool({ connectionString: directDatabaseUrl, max: 2 });
    admin.on('error', () => undefined);
    cleanups.push(() => admin.end());
    await admin.query(
      `CREATE TABLE IF NOT EXISTS ${effects} (n bigserial, id uuid NOT NULL, worker text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    const outboxPool = settings.mode === 'outbox' ? new Pool({ connectionString: queueDatabaseUrl, max: 4 }) : undefined;
    if (outboxPool) {
      outboxPool.on('error', () => undefined);
      cleanups.push(() => outboxPool.end());
    }

    const fleet = new WorkerFleet({
      role: 'consumer',
      transport,
      queue: QUEUE,
      connectionString: queueDatabaseUrl,
      schema: SCHEMA,
      ledgerUrl: runDatabase.url,
      rabbitmqUrls,
      replicas,
      leaseMs: settings.leaseMs,
      pollIntervalMs: settings.pollIntervalMs,
      concurrency: settings.concurrency,
      handlerMs: settings.handlerMs,
      heartbeatSeconds: settings.heartbeatSeconds,
      queryTimeoutMs: settings.queryTimeoutMs,
      maxRetries: settings.maxRetries,
    });
    cleanups.push(() => fleet.stopAll());
    for (let i = 0; i < settings.workers; i += 1) {
      await fleet.start();
    }

    const producer = new Producer(messaging, ledger, {
      queue: QUEUE,
      messages,
      rate: settings.rate,
      lanes: 4,
      keysPerLane: 5,
      poisonEvery: settings.poisonEvery,
      delayMs: settings.delayMs,
      mode: settings.mode,
      outboxPool,
      giveUpAfterMs: 60_000,
    });
    let producing = true;
    env = {
      transport,
      settings,
      queue: QUEUE,
      fleet,
      producer,
      messaging,
      ledger,
      queueDatabaseUrl,
      directDatabaseUrl,
      schema: SCHEMA,
      cluster,
      postgresProxy,
      rabbitmqProxy,
      vhost: vhost?.name,
      rabbitmqCluster,
      producing: () => producing,
      fault: async (name, action) => {
        const began = new Date();
        await action();
        await ledger.recordFault(name, began, new Date());
      },
      note: (line) => void notes.push(line),
      problem: (line) => void ownProblems.push(line),
      pauseWhileProducing: async (ms) => {
        for (const until = Date.now() + ms; producing && Date.now() < until;) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - Date.now())));
        }
      },
    };
    producer.start();
    const sent = producer.finished().finally(() => (producing = false));
    const injected = scenario.inject?.(env);
    await Promise.all([sent, injected]);
    await drain(env, admin, effects);
    await fleet.stopAll();
    const figures = await collectOutcomes(env, admin);
    const wrongLetters = await ledger.query(
      `SELECT d.reason, count(*)::int AS n FROM ledger.dead_letters d JOIN ledger.messages m USING (id) WHERE NOT m.poison GROUP BY d.reason`,
    );
    for (const row of wrongLetters.rows) notes.push(`${row.n} good messages dead-lettered: ${row.reason}`);
    if (fleet.stderr.length > 0) notes.push(`worker stderr: ${fleet.stderr.join('').slice(0, 300)}`);
    return {
      scenario,
      transport,
      messages,
      figures,
      problems: [...verdict(figures, scenario.promises), ...ownProblems],
      notes,
      startedAt,
      wallMs: Date.now() - startedAt.getTime(),
    };
  } finally {
    if (env) await scenario.restore?.(env).catch((error: Error) => notes.push(`restore failed: ${error.message}`));
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch(() => undefined);
    }
  }
}

/**
 * Waits until every committed message has an effect or a dead letter (checked exactly through the
 * ledger), then 2 s more for late duplicates; gives up at the drain deadline, leaving `lost` to say
 * what never arrived.
 */
async function drain(env: ScenarioEnvironment, admin: Pool, effects: string): Promise<void> {
  // The drain deadline grows with the run: 10 ms a message on top of the scenario's (a shared,
  // loaded 2-core machine drains a few hundred messages a second).
  const drainTimeoutMs = env.settings.drainTimeoutMs + env.producer.committed * 10;
  const deadline = Date.now() + drainTimeoutMs;
  for (;;) {
    const processed = await admin.query(`SELECT count(DISTINCT id)::int AS n FROM ${effects}`).then(
      (r) => r.rows[0].n as number,
      () => 0,
    );
    const dead = await env.messaging.deadLetters.count(env.queue).catch(() => 0);
    if (processed + dead >= env.producer.committed) {
      const figures = await collectOutcomes(env, admin);
      if (figures.lost === 0) break;
    }
    if (Date.now() > deadline) {
      env.note(`the queue did not drain within ${drainTimeoutMs} ms`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
