import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A fixture script running in its own Node process, with what it printed and sent so far. */
export interface ChildScript {
  child: ChildProcess;
  lines: string[];
  /** What the script sent with `process.send` (the IPC channel is always open). */
  messages: unknown[];
  /** Resolves with the signal (or exit code) once the process has ended. */
  exited: Promise<NodeJS.Signals | number | null>;
}

/**
 * Runs a fixture script (a path under `libs/messaging/test`) with one JSON argument. The fixtures load the built library
 * (`libs/messaging/dist`, built by the test target's dependency on the build).
 */
export function runFixture(script: string, options: object): ChildScript {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'index.js'))) {
    throw new Error('libs/messaging/dist is missing: build the library first (npx nx run messaging:build)');
  }
  const child = spawn(process.execPath, [join(__dirname, '..', script), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const lines: string[] = [];
  const messages: unknown[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  child.on('message', (message) => messages.push(message));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { child, lines, messages, exited };
}

/** SIGKILLs a child (if still running, waking it first if it was stopped) and waits until it is gone. */
export async function killed(script: ChildScript): Promise<void> {
  if (script.child.exitCode === null && script.child.signalCode === null) {
    script.child.kill('SIGCONT');
    script.child.kill('SIGKILL');
  }
  await script.exited;
}
