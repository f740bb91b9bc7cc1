import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sparePort } from './spare-port';
import { rabbitmqctl } from './test-vhost';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/** Debian's server script (the one /usr/sbin/rabbitmq-server runs as the rabbitmq user); `TENAZ_RABBITMQ_SERVER` overrides it. */
const SERVER = process.env['TENAZ_RABBITMQ_SERVER'] ?? '/usr/lib/rabbitmq/bin/rabbitmq-server';
/** The rabbitmq user's home: its Erlang cookie is the one `rabbitmqctl` presents, so the nodes share it. */
const RABBITMQ_HOME = '/var/lib/rabbitmq';
const BOOT_TIMEOUT_MS = 120_000;

/** One node of a throwaway RabbitMQ cluster. */
export interface RabbitMqClusterNode {
  /** Erlang node name, `tenaz_<run>_<n>@localhost`. */
  name: string;
  amqpPort: number;
  /** `amqp://guest:guest@127.0.0.1:<amqpPort>` (the default vhost). */
  url: string;
  /** SIGKILL of the node's Erlang VM: no goodbye to clients or peers. Resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts the node again on its data (it rejoins the cluster) and waits until it has booted. */
  start(): Promise<void>;
  /** `rabbitmqctl -n <node> …` */
  rabbitmqctl(...args: string[]): Promise<string>;
}

/** RabbitMQ nodes of a test's own, clustered, on spare ports of 127.0.0.1; the shared broker is not touched. */
export interface RabbitMqCluster {
  nodes: readonly RabbitMqClusterNode[];
  /** Every node's URL, in node order. */
  urls: string[];
  /** Kills every node and removes their data. */
  stop(): Promise<void>;
}

/** The VM's operating-system pid, asked of the node itself. */
async function vmPid(node: string): Promise<number> {
  const answer = await rabbitmqctl('-n', node, '-q', 'eval', 'list_to_integer(os:getpid()).');
  return Number(answer.trim());
}

async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `size` RabbitMQ nodes (each with its own name, AMQP and distribution ports, and data,
 * log and plugin settings in a temporary folder owned by the rabbitmq user), joins the second
 * and later ones to the first with `rabbitmqctl join_cluster`, and waits for all of them to run.
 * Needs root (the nodes run as the rabbitmq user, as Debian's service does) and the Debian
 * package's scripts. Takes about 30 s on a 2-core machine.
 */
export async function startRabbitMqCluster(size = 3): Promise<RabbitMqCluster> {
  if (process.getuid?.() !== 0) {
    throw new Error('a throwaway RabbitMQ cluster runs its nodes as the rabbitmq user: run the tests as root (DEVELOPERS.md)');
  }
  const [uid, gid] = await Promise.all([run('id', ['-u', 'rabbitmq']), run('id', ['-g', 'rabbitmq'])]);
  const owner = { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  const folder = mkdtempSync(join(tmpdir(), 'tenaz-rabbitmq-'));
  chownSync(folder, owner.uid, owner.gid);
  const runId = randomBytes(3).toString('hex');
  const pids = new Map<string, number>();

  const nodes: RabbitMqClusterNode[] = [];
  for (let n = 1; n <= size; n += 1) {
    const name = `tenaz_${runId}_${n}@localhost`;
    const [amqpPort, distPort] = [await sparePort(), await sparePort()];
    const base = join(folder, `node${n}`);
    mkdirSync(base);
    writeFileSync(join(base, 'rabbitmq.conf'), `listeners.tcp.local = 127.0.0.1:${amqpPort}\nloopback_users = none\n`);
    writeFileSync(join(base, 'enabled_plugins'), '[].\n');
    for (const path of [base, join(base, 'rabbitmq.conf'), join(base, 'enabled_plugins')]) {
      chownSync(path, owner.uid, owner.gid);
    }
    const environment = {
      HOME: RABBITMQ_HOME,
      RABBITMQ_NODENAME: name,
      RABBITMQ_NODE_PORT: String(amqpPort),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_CONFIG_FILE: join(base, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(base, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: join(base, 'mnesia'),
      RABBITMQ_LOG_BASE: join(base, 'log'),
      RABBITMQ_PID_FILE: join(base, 'pid'),
      ERL_CRASH_DUMP: join(base, 'erl_crash.dump'),
    };
    const start = async () => {
      const assignments = Object.entries(environment).map(([key, value]) => `${key}=${value}`);
      await run('runuser', ['-u', 'rabbitmq', '--', 'env', ...assignments, SERVER, '-detached'], { cwd: base, timeout: 30_000 });
      // `await_startup` fails at once while the node is not yet known to epmd: poll until it answers.
      await waitFor(
        () =>
          rabbitmqctl('-n', name, '-q', 'await_startup', '--timeout', '10').then(
            () => true,
            () => false,
          ),
        { timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 500, description: `RabbitMQ node ${name} to boot` },
      );
      pids.set(name, await vmPid(name));
    };
    nodes.push({
      name,
      amqpPort,
      url: `amqp://guest:guest@127.0.0.1:${amqpPort}`,
      start,
      async kill() {
        const pid = pids.get(name);
        if (pid === undefined || !(await alive(pid))) {
          return;
        }
        process.kill(pid, 'SIGKILL');
        await waitFor(async () => !(await alive(pid)), { timeoutMs: 10_000, description: `RabbitMQ node ${name} to die` });
      },
      rabbitmqctl: (...args) => rabbitmqctl('-n', name, ...args),
    });
  }

  const cluster: RabbitMqCluster = {
    nodes,
    urls: nodes.map((node) => node.url),
    async stop() {
      await Promise.all(nodes.map((node) => node.kill().catch(() => undefined)));
      rmSync(folder, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(nodes.map((node) => node.start()));
    const [first, ...others] = nodes;
    for (const node of others) {
      await node.rabbitmqctl('-q', 'stop_app');
      await node.rabbitmqctl('-q', 'join_cluster', first!.name);
      await node.rabbitmqctl('-q', 'start_app');
    }
    const status = await first!.rabbitmqctl('-q', 'cluster_status', '--formatter', 'json');
    const running = (JSON.parse(status) as { running_nodes: string[] }).running_nodes;
    if (running.length !== size) {
      throw new Error(`the cluster runs ${running.length} of ${size} nodes: ${running.join(', ')}`);
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
