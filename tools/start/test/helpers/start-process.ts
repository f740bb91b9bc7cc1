import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@tenaz/test-kit';

const ROOT = join(__dirname, '..', '..', '..', '..');
/** What `npm start` runs after the build. */
export const START_MAIN = join(ROOT, 'dist', 'tools', 'start', 'main.js');
const BUILT_SERVICES = ['notifications', 'tracking'].map((name) => join(ROOT, 'dist', 'apps', name, 'main.js'));

/** What is missing for `npm start` to run: tests fail with this, never skip. */
export function missingBuilds(): string[] {
  return [START_MAIN, ...BUILT_SERVICES].filter((path) => !existsSync(path));
}

/** How a process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One `npm start` (the built `main.js`) running as a child process of the test. */
export interface StartProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  exited: Promise<Exit>;
  /** Resolves with the printed summary and the services' URLs once both listen. */
  running(timeoutMs?: number): Promise<{ summary: string; tracking: string; notifications: string }>;
  /**
   * Sends `signal` and waits for the exit. SIGINT goes to the whole process group, as a terminal's
   * Ctrl-C does (npm start and the services it runs in that group); other signals to npm start only.
   */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/**
 * Spawns `node dist/tools/start/main.js <args>` with exactly `env` (plus PATH), the services on
 * ports the kernel picks. `uid`/`gid` run it as another user (needs root).
 */
export function spawnStart(args: string[], env: Record<string, string>, user?: { uid: number; gid: number }): StartProcess {
  const child = spawn(process.execPath, [START_MAIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TRACKING_PORT: '0', NOTIFICATIONS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, like a job a terminal starts: a Ctrl-C reaches the whole group.
    detached: true,
    ...user,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exit: Exit | undefined;
  void exited.then((value) => (exit = value));
  return {
    child,
    output: () => output,
    exited,
    running: async (timeoutMs = 60_000) => {
      const summary = await waitFor(
        () => {
          if (exit) {
            throw new Error(`npm start exited (${exit.signal ?? exit.code}) before both services listened:\n${output}`);
          }
          return /Ctrl-C stops both/.test(output) ? output : undefined;
        },
        { timeoutMs, description: 'the start summary' },
      );
      const tracking = /tracking {7}(http:\/\/127\.0\.0\.1:\d+)/.exec(summary)?.[1];
      const notifications = /notifications {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(summary)?.[1];
      if (!tracking || !notifications) {
        throw new Error(`no service URLs in the summary:\n${summary}`);
      }
      return { summary, tracking, notifications };
    },
    stop: async (signal = 'SIGINT') => {
      if (!exit && child.pid !== undefined) {
        process.kill(signal === 'SIGINT' ? -child.pid : child.pid, signal);
      }
      return exited;
    },
  };
}
