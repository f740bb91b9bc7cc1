import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Where a built service lives and how it says it listens. */
export interface BuiltServiceDefinition {
  /** `notifications`, `tracking`: its log lines say "<name> service listening". */
  name: string;
  /** `dist/apps/<name>/main.js`. */
  main: string;
  /** The variable of its port (`NOTIFICATIONS_PORT`), set to 0 for a free one. */
  portVariable: string;
}

/** A built service running as a child process. */
export interface BuiltService {
  name: string;
  process: ChildProcess;
  url: string;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code or signal once the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Why a built service cannot be spawned, or undefined when it can: tests fail with this, never skip. */
export function missingBuild(service: BuiltServiceDefinition): string | undefined {
  return existsSync(service.main) ? undefined : `${service.main} is missing: build first (npx nx run ${service.name}:build)`;
}

/**
 * Starts `node <main>` with `env` (on a free port) and resolves once it logged that it listens.
 * Fails with its last log lines if it exits first or takes longer than 20 s.
 */
export async function spawnBuiltService(service: BuiltServiceDefinition, env: Record<string, string>): Promise<BuiltService> {
  const missing = missingBuild(service);
  if (missing) {
    throw new Error(missing);
  }
  const child = spawn(process.execPath, [service.main], {
    env: { PATH: process.env['PATH'] ?? '', [service.portVariable]: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${service.name} did not start in 20 s: ${tail(logs, stderr)}`)), 20_000);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${service.name} exited (${code ?? signal}) before listening: ${tail(logs, stderr)}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry['msg'] === `${service.name} service listening`) {
          clearTimeout(timer);
          resolve(entry['port'] as number);
        }
      } catch {
        stderr.push(line);
      }
    });
  });
  return { name: service.name, process: child, url: `http://127.0.0.1:${port}`, logs, exited };
}

/** SIGTERMs (or another signal) a spawned service and waits for it to be gone. */
export async function stopBuiltService(service: BuiltService, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (service.process.exitCode === null && service.process.signalCode === null) {
    service.process.kill(signal);
  }
  await service.exited;
}

function tail(logs: Record<string, unknown>[], stderr: string[]): string {
  return [...logs.slice(-5).map((entry) => JSON.stringify(entry)), ...stderr.slice(-5)].join('\n');
}
