import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPOSITORY_ROOT } from './embedded/embedded-layout';
import { formatLine } from './log-line-format';

/** A service `npm start` runs: where the build leaves it and the variable of its port. */
export interface ServiceDefinition {
  name: 'notifications' | 'tracking';
  main: string;
  portVariable: string;
}

/** The services `npm start` runs. */
export const SERVICES: readonly ServiceDefinition[] = [
  { name: 'notifications', main: join(REPOSITORY_ROOT, 'dist', 'apps', 'notifications', 'main.js'), portVariable: 'NOTIFICATIONS_PORT' },
  { name: 'tracking', main: join(REPOSITORY_ROOT, 'dist', 'apps', 'tracking', 'main.js'), portVariable: 'TRACKING_PORT' },
];

/** How a child process ended. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One started service. */
export interface RunningService {
  service: ServiceDefinition;
  child: ChildProcess;
  /** Resolves with the URL once the service logged that it listens; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<ServiceExit>;
}

/**
 * Starts one built service as a child process in the terminal's process group, so a Ctrl-C or a
 * closed terminal reaches it directly too (a second signal while it shuts down is ignored by
 * Nest, so `npm start` forwarding one more is harmless). Its log lines go to this terminal,
 * reshaped unless `json`.
 */
export function startService(service: ServiceDefinition, env: NodeJS.ProcessEnv, { json }: { json: boolean }): RunningService {
  const child = spawn(process.execPath, [service.main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<ServiceExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise<string>((resolve, reject) => {
    void exited.then(({ code, signal }) =>
      reject(new Error(`${service.name} exited (${signal ?? `code ${code}`}) before listening; its log is above`)),
    );
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const shown = json ? line : formatLine(service.name, line);
      if (shown !== undefined) {
        process.stdout.write(`${shown}\n`);
      }
      if (line.includes(`"${service.name} service listening"`)) {
        const { host, port } = JSON.parse(line) as { host: string; port: number };
        resolve(`http://${host}:${port}`);
      }
    });
  });
  // Nothing waits for `listening` once a start failed; the rejection is reported through `exited`.
  listening.catch(() => undefined);
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) =>
    process.stderr.write(`${service.name.padEnd(13)} ${line}\n`),
  );
  return { service, child, listening, exited };
}

/** Sends `signal` to a service that is still running. */
export function signalService(running: RunningService, signal: NodeJS.Signals): void {
  if (running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill(signal);
  }
}

/** The built services that are missing, as `path (how to build)` lines. */
export function missingBuilds(): string[] {
  return SERVICES.filter((service) => !existsSync(service.main)).map((service) => `${service.main} (npx nx run ${service.name}:build)`);
}
