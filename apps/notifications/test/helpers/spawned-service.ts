import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The built service, as `npm run build` leaves it. */
export const BUILT_MAIN = join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'notifications', 'main.js');

/** The built service running as a child process. */
export interface SpawnedService {
  process: ChildProcess;
  url: string;
  /** Every JSON log line so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code or signal once the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node dist/apps/notifications/main.js` with `env` (on a random port) and resolves once it
 * logged that it listens. Fails with its last log lines if it exits or takes longer than 20 s.
 */
export async function spawnService(env: Record<string, string>): Promise<SpawnedService> {
  if (!existsSync(BUILT_MAIN)) {
    throw new Error(`${BUILT_MAIN} is missing: build first (npx nx run notifications:build)`);
  }
  const child = spawn(process.execPath, [BUILT_MAIN], {
    env: { PATH: process.env['PATH'] ?? '', NOTIFICATIONS_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start in 20 s: ${tail(logs, stderr)}`)), 20_000);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code ?? signal}) before listening: ${tail(logs, stderr)}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry['msg'] === 'notifications service listening') {
          clearTimeout(timer);
          resolve(entry['port'] as number);
        }
      } catch {
        stderr.push(line);
      }
    });
  });
  return { process: child, url: `http://127.0.0.1:${port}`, logs, exited };
}

function tail(logs: Record<string, unknown>[], stderr: string[]): string {
  return [...logs.slice(-5).map((entry) => JSON.stringify(entry)), ...stderr.slice(-5)].join('\n');
}
