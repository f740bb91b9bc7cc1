import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The two services as `npm run build` leaves them. */
export const BUILT = {
  tracking: { main: join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'tracking', 'main.js'), port: 'TRACKING_PORT' },
  notifications: { main: join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'notifications', 'main.js'), port: 'NOTIFICATIONS_PORT' },
} as const;

/** Which built service. */
export type ServiceName = keyof typeof BUILT;

/** A built service running as a child process. */
export interface BuiltService {
  name: ServiceName;
  process: ChildProcess;
  url: string;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code or signal once the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Why a built service cannot be spawned, or undefined when it can: tests fail with this, never skip. */
export function missingBuild(name: ServiceName): string | undefined {
  return existsSync(BUILT[name].main) ? undefined : `${BUILT[name].main} is missing: build first (npx nx run ${name}:build)`;
}

/**
 * Starts `node dist/apps/<name>/main.js` with `env` (on a random port) and resolves once it
 * logged that it listens. Fails with its last log lines if it exits or takes longer than 20 s.
 */
export async function spawnBuilt(name: ServiceName, env: Record<string, string>): Promise<BuiltService> {
  const missing = missingBuild(name);
  if (missing) {
    throw new Error(missing);
  }
  const child = spawn(process.execPath, [BUILT[name].main], {
    env: { PATH: process.env['PATH'] ?? '', [BUILT[name].port]: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 20 s: ${tail(logs, stderr)}`)), 20_000);
    void exited.then(({ code, signal }) => reject(new Error(`${name} exited (${code ?? signal}) before listening: ${tail(logs, stderr)}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry['msg'] === `${name} service listening`) {
          clearTimeout(timer);
          resolve(entry['port'] as number);
        }
      } catch {
        stderr.push(line);
      }
    });
  });
  return { name, process: child, url: `http://127.0.0.1:${port}`, logs, exited };
}

/** SIGKILLs (or SIGTERMs) a spawned service and waits for it to be gone. */
export async function stopBuilt(service: BuiltService, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (service.process.exitCode === null && service.process.signalCode === null) {
    service.process.kill(signal);
  }
  await service.exited;
}

function tail(logs: Record<string, unknown>[], stderr: string[]): string {
  return [...logs.slice(-5).map((entry) => JSON.stringify(entry)), ...stderr.slice(-5)].join('\n');
}
