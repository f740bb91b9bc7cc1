import { ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgresFailedError } from '../errors/embedded-postgres-failed.error';
import { waitUntil } from '../wait-until';
import { EmbeddedLayout, embeddedLayout } from './embedded-layout';
import { postgresBinariesFolder, restoreLibraryLinks } from './postgres-binaries';
import { assertReachable, ensurePostgresUser, runningAsRoot } from './postgres-user';
import { isAlive, runningServerPid } from './running-server';
import { serverPassword } from './server-password';
import { sparePort } from './spare-port';
import { SupervisorMessage, SupervisorRequest } from './supervisor-protocol';

/** `initdb` takes about 1 s here and a start 0.15 s; crash recovery after a hard stop can take longer. */
const START_TIMEOUT_MS = 60_000;
/** A fast shutdown of a development cluster takes well under a second; the rest is slack. */
const STOP_TIMEOUT_MS = 20_000;
/** How often a stopped or crashed server is noticed. */
const WATCH_INTERVAL_MS = 1_000;
/** Lines of the server's log quoted when it fails. */
const LOG_LINES_SHOWN = 15;

/** An embedded PostgreSQL server that is running. */
export interface RunningEmbeddedPostgres {
  layout: EmbeddedLayout;
  /** `postgresql://postgres:<password>@127.0.0.1:<port>/<database>` */
  urlFor(database: string): string;
  port: number;
  version: string;
  /** True when this run made the cluster (`initdb`). */
  created: boolean;
  /** Set when running as root: the user the server runs as. */
  runAs: string | undefined;
  /** Resolves when the server stopped without being asked (it crashed, or someone stopped it). */
  lost: Promise<void>;
  /** Stops the server (a fast shutdown: sessions end, a checkpoint, exit) and waits until it is gone. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the binaries `embedded-postgres` ships, with its data in `root` (made on
 * the first run, kept afterwards), on a spare port of 127.0.0.1. As root it runs the server as the
 * unprivileged user `postgres`, creating it if the machine has none. `log` gets one line per
 * thing worth telling the user.
 */
export async function startEmbeddedPostgres(root: string, log: (line: string) => void): Promise<RunningEmbeddedPostgres> {
  const layout = embeddedLayout(root);
  const binaries = postgresBinariesFolder();
  if (!binaries) {
    throw new EmbeddedPostgresFailedError(
      'server-failed',
      `embedded-postgres ships no PostgreSQL binaries for ${process.platform}-${process.arch}: set DATABASE_URL to a PostgreSQL server`,
    );
  }
  restoreLibraryLinks(binaries);
  mkdirSync(layout.root, { recursive: true, mode: 0o755 });
  const runAs = runningAsRoot() ? ensurePostgresUser(log) : undefined;
  if (runAs) {
    assertReachable([layout.root, binaries], runAs);
  }
  const stalePid = runningServerPid(layout.dataDirectory);
  if (stalePid !== undefined) {
    throw new EmbeddedPostgresFailedError(
      'already-running',
      `the embedded PostgreSQL of ${layout.root} is already running (pid ${stalePid}): another npm start is using it. Stop that one, or if none runs any more: kill ${stalePid}`,
    );
  }
  const initialise = !existsSync(join(layout.dataDirectory, 'PG_VERSION'));
  if (initialise && existsSync(layout.dataDirectory) && readdirSync(layout.dataDirectory).length > 0) {
    throw new EmbeddedPostgresFailedError(
      'unusable-data',
      `${layout.dataDirectory} is not empty but holds no PostgreSQL cluster (an interrupted first run?): npm run start:clean removes it`,
    );
  }
  const password = serverPassword(layout.passwordFile, initialise);
  if (password === undefined) {
    throw new EmbeddedPostgresFailedError(
      'unusable-data',
      `${layout.passwordFile} is missing, so the cluster in ${layout.dataDirectory} cannot be logged into: npm run start:clean removes both`,
    );
  }
  const port = await sparePort();
  const request: SupervisorRequest = {
    dataDirectory: layout.dataDirectory,
    logFile: layout.logFile,
    password,
    port,
    initialise,
    startTimeoutMs: START_TIMEOUT_MS,
  };
  // detached: a process group of its own, out of reach of the terminal's Ctrl-C (see the supervisor).
  const supervisor = fork(join(__dirname, 'embedded-postgres-supervisor.js'), [], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  supervisor.send(request);
  const stderr: string[] = [];
  supervisor.stderr?.on('data', (chunk: Buffer) => keepLastLines(stderr, chunk.toString()));
  const exited = new Promise<void>((resolve) => supervisor.once('exit', () => resolve()));
  const version = await readiness(supervisor, exited, layout, stderr);

  let stopping = false;
  const lost = new Promise<void>((resolve) => {
    const watch = setInterval(() => {
      if (!stopping && runningServerPid(layout.dataDirectory) === undefined) {
        clearInterval(watch);
        resolve();
      }
    }, WATCH_INTERVAL_MS);
    watch.unref();
  });
  return {
    layout,
    urlFor: (database) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    port,
    version,
    created: initialise,
    runAs: runAs?.name,
    lost,
    stop: async () => {
      stopping = true;
      await stopServer(supervisor, exited, layout);
    },
  };
}

/** Waits for the supervisor's word that the server is ready, and turns every other outcome into an error. */
function readiness(supervisor: ChildProcess, exited: Promise<void>, layout: EmbeddedLayout, stderr: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const failed = (failure: 'server-failed' | 'timed-out', message: string) =>
      reject(new EmbeddedPostgresFailedError(failure, `${message}\n${explain(layout, stderr)}`));
    const timer = setTimeout(() => {
      supervisor.kill('SIGTERM');
      failed('timed-out', `the embedded PostgreSQL was not ready after ${(START_TIMEOUT_MS + 5_000) / 1000} s`);
    }, START_TIMEOUT_MS + 5_000);
    supervisor.on('message', (message: SupervisorMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') {
        resolve(message.version);
      } else {
        failed(message.failure, message.message);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      failed('server-failed', 'the embedded PostgreSQL stopped before it was ready');
    });
  });
}

/** SIGTERM to the supervisor (which stops the server), then makes sure the server's process is gone. */
async function stopServer(supervisor: ChildProcess, exited: Promise<void>, layout: EmbeddedLayout): Promise<void> {
  const pid = runningServerPid(layout.dataDirectory);
  if (supervisor.exitCode === null && supervisor.signalCode === null) {
    supervisor.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref()),
    ]);
    if (!stopped) {
      supervisor.kill('SIGKILL');
    }
  }
  if (pid === undefined) {
    return;
  }
  // The supervisor waits for the server's exit; this covers a supervisor that was killed first.
  const gone = await waitUntil(() => !isAlive(pid), { timeoutMs: STOP_TIMEOUT_MS });
  if (!gone) {
    // SIGQUIT is PostgreSQL's immediate shutdown: no checkpoint, crash recovery at the next start.
    process.kill(pid, 'SIGQUIT');
    throw new EmbeddedPostgresFailedError(
      'timed-out',
      `the embedded PostgreSQL (pid ${pid}) did not stop in ${STOP_TIMEOUT_MS / 1000} s; sent it SIGQUIT (immediate shutdown)`,
    );
  }
}

/** Appends `text`'s lines to `lines`, keeping only the last {@link LOG_LINES_SHOWN}. */
function keepLastLines(lines: string[], text: string): void {
  lines.push(...text.split('\n').filter(Boolean));
  lines.splice(0, Math.max(0, lines.length - LOG_LINES_SHOWN));
}

/** The last lines of the server's log (and of the supervisor's own errors), for a failure message. */
function explain(layout: EmbeddedLayout, stderr: string[]): string {
  let logLines: string[] = [];
  try {
    logLines = readFileSync(layout.logFile, 'utf8').split('\n').filter(Boolean).slice(-LOG_LINES_SHOWN);
  } catch {
    // No log yet: the supervisor failed before the server wrote anything.
  }
  const lines = [...logLines, ...stderr].map((line) => `  ${line}`);
  return lines.length > 0
    ? `last lines of ${layout.logFile} and the supervisor:\n${lines.join('\n')}`
    : `no server log (${layout.logFile})`;
}
