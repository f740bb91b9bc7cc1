import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerConfig } from '../worker/worker-config';

/** The built worker (tools/faults/dist): children run what a deployment would run, compiled. */
const WORKER_MAIN = join(__dirname, '..', '..', 'dist', 'worker', 'worker-main.js');

/** One worker child process. */
export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<NodeJS.Signals | number | null>;
  alive(): boolean;
}

/**
 * The worker processes of one run: started from one template, killed (SIGKILL), frozen
 * (SIGSTOP/SIGCONT) and replaced for real, and all gone after `stopAll()`.
 */
export class WorkerFleet {
  private readonly workers = new Map<string, WorkerProcess>();
  private started = 0;
  private readonly errors: string[] = [];

  constructor(private readonly template: Omit<WorkerConfig, 'name'>) {}

  /** Worker processes currently running. */
  get running(): WorkerProcess[] {
    return [...this.workers.values()].filter((worker) => worker.alive());
  }

  /** What workers wrote on stderr (a worker that crashed on its own says why here). */
  get stderr(): readonly string[] {
    return this.errors;
  }

  /** Starts a worker and resolves once it said `ready` (within 30 s). */
  async start(overrides: Partial<WorkerConfig> = {}): Promise<WorkerProcess> {
    if (!existsSync(WORKER_MAIN)) {
      throw new Error(`${WORKER_MAIN} is missing: build first (npx nx run faults:build)`);
    }
    this.started += 1;
    const name = `${overrides.role ?? this.template.role}-${this.started}`;
    const config: WorkerConfig = { ...this.template, ...overrides, name };
    const child = spawn(process.execPath, [WORKER_MAIN, JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (this.errors.length < 100) this.errors.push(chunk);
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    const worker: WorkerProcess = { name, child, exited, alive: () => child.exitCode === null && child.signalCode === null };
    this.workers.set(name, worker);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${name} not ready in 30 s: ${this.errors.join('')}`)), 30_000);
      child.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      void exited.then((how) => {
        clearTimeout(timer);
        reject(new Error(`worker ${name} exited (${how}) before it was ready: ${this.errors.join('')}`));
      });
    });
    return worker;
  }

  /** SIGKILLs a worker (waking it first if it is stopped) and waits until it is gone. */
  async kill(worker: WorkerProcess): Promise<void> {
    if (worker.alive()) {
      worker.child.kill('SIGKILL');
      worker.child.kill('SIGCONT');
    }
    await worker.exited;
  }

  freeze(worker: WorkerProcess): void {
    worker.child.kill('SIGSTOP');
  }

  thaw(worker: WorkerProcess): void {
    worker.child.kill('SIGCONT');
  }

  /** A running worker of `role` chosen at random (the scenarios' faults pick their victim this way). */
  pick(role: WorkerConfig['role'] = 'consumer'): WorkerProcess | undefined {
    const running = this.running.filter((worker) => worker.name.startsWith(`${role}-`));
    return running[Math.floor(Math.random() * running.length)];
  }

  /** Graceful stop for every worker (15 s each), then SIGKILL for any still running. */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.workers.values()].map(async (worker) => {
        if (!worker.alive()) return;
        worker.child.kill('SIGCONT');
        worker.child.send('stop', () => undefined);
        const timer = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
        await worker.exited;
        clearTimeout(timer);
      }),
    );
  }
}
