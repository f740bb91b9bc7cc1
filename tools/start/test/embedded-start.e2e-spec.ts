import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { waitFor } from '@tenaz/test-kit';
import { postgresProcessesOf, stillRunning } from './helpers/process-table';
import { missingBuilds, spawnStart, StartProcess } from './helpers/start-process';
import { runWalkThrough } from './helpers/walk-through';

/** A port of 127.0.0.1 where nothing listens: the "default address" with no PostgreSQL behind it. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function userIds(name: string): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' })),
  };
}

/**
 * `npm start` on a machine with Node and nothing else: DATABASE_URL unset and nothing answering
 * at the local address, it runs the embedded PostgreSQL from the npm package with every queue on
 * the PostgreSQL transport, and Ctrl-C stops the services, then the server.
 */
describe('npm start with the embedded PostgreSQL', () => {
  const asRoot = process.getuid?.() === 0;
  const folders: string[] = [];
  const started: StartProcess[] = [];
  let nowhere: string;

  beforeAll(async () => {
    nowhere = `postgresql://postgres@127.0.0.1:${await deadPort()}/tenaz`;
  });

  afterAll(async () => {
    for (const start of started) {
      await start.stop('SIGTERM');
    }
    folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
  });

  function embeddedFolder(owner?: { uid: number; gid: number }): string {
    const parent = mkdtempSync(join(tmpdir(), 'tenaz-embedded-'));
    folders.push(parent);
    // mkdtemp makes it 0700: as root, the server's user postgres must be able to enter it.
    chmodSync(parent, 0o755);
    if (owner) {
      chownSync(parent, owner.uid, owner.gid);
    }
    return join(parent, 'embedded-postgres');
  }

  function start(folder: string, extraEnv: Record<string, string> = {}, user?: { uid: number; gid: number }): StartProcess {
    const process = spawnStart(['--local-database-url', nowhere, '--embedded-dir', folder], extraEnv, user);
    started.push(process);
    return process;
  }

  it('runs the README walk-through on the embedded PostgreSQL with every queue on PostgreSQL, and Ctrl-C leaves no process of its data folder', async () => {
    expect(missingBuilds()).toEqual([]);
    const folder = embeddedFolder();
    // Asking for RabbitMQ is overridden: the embedded setup has none.
    const npmStart = start(folder, { TRACK_TRACE_QUEUE_TRANSPORT: 'rabbitmq' });
    const { summary, tracking, notifications } = await npmStart.running();

    expect(summary).toContain(`DATABASE_URL is unset and nothing answers at ${nowhere}: running the embedded PostgreSQL 15.`);
    expect(summary).toContain('start: every queue on the PostgreSQL transport (no RabbitMQ needed)');
    expect(summary).toContain('start: ignoring TRACK_TRACE_QUEUE_TRANSPORT=rabbitmq');
    expect(summary).toMatch(/"transports":\{"notifications":"postgres","track_trace":"postgres"\}/);
    expect(summary).toContain('`npm run start:clean` removes it');
    expect(summary).toMatch(/start: database postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/tenaz created/);
    const server = postgresProcessesOf(join(folder, 'data'));
    const postmaster = server.find((row) => row.commandLine.includes('-D '));
    expect(postmaster?.commandLine).toContain('listen_addresses=127.0.0.1');
    // PostgreSQL refuses root: as root, the server runs as the unprivileged user postgres.
    expect(postmaster?.uid).toBe(asRoot ? userIds('postgres').uid : process.getuid?.());
    if (asRoot) {
      expect(summary).toContain('as user postgres (PostgreSQL refuses to run as root)');
    }

    const walk = await runWalkThrough(tracking, notifications, 'TN-1001');
    expect(walk.status).toBe('delivered');
    expect(walk.timeline.map((event) => event.eventId)).toEqual(['evt-1', 'evt-2', 'evt-3', 'evt-4']);
    expect(walk.notification).toMatchObject({ channel: 'whatsapp', status: 'sent', correlationId: walk.correlationId });
    expect(walk.notification.attempts).toMatchObject([{ outcome: 'sent', provider: 'dev-sink' }]);
    const sinkLine = await waitFor(
      () =>
        npmStart
          .output()
          .split('\n')
          .find((line) => line.includes('development sink: notification delivered') && line.includes(walk.whatsappNotificationId)),
      {
        description: "the development sink's line for the WhatsApp notification",
      },
    );
    expect(sinkLine).toContain('"to":"+52*********78"');
    // The services' log lines (not the summary's example request) never show the recipient.
    const serviceLines = npmStart
      .output()
      .split('\n')
      .filter((line) => /^\d\d:\d\d:\d\d (tracking|notifications) /.test(line));
    expect(serviceLines.length).toBeGreaterThan(10);
    expect(serviceLines.filter((line) => line.includes('+5215512345678') || line.includes('juana@example.com'))).toEqual([]);

    const serverPids = postgresProcessesOf(join(folder, 'data')).map((row) => row.pid);
    expect(serverPids.length).toBeGreaterThan(3); // postmaster, checkpointer, walwriter…, the services' sessions
    expect(await npmStart.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(npmStart.output()).toMatch(/messaging closed[\s\S]*messaging closed[\s\S]*start: embedded PostgreSQL stopped/);
    expect(stillRunning(serverPids)).toEqual([]);
    expect(postgresProcessesOf(join(folder, 'data'))).toEqual([]);
    // The terminal's Ctrl-C did not reach the server: it shut down once the services had closed
    // their sessions, so it had none left to cut.
    const serverLog = readFileSync(join(folder, 'postgres.log'), 'utf8');
    expect(serverLog).toContain('received fast shutdown request');
    expect(serverLog).not.toContain('terminating connection due to administrator command');
  });

  it('keeps the data between runs, and npm run start:clean removes it only once the server stopped', async () => {
    const folder = embeddedFolder();
    const first = start(folder);
    const firstRun = await first.running();
    await request(firstRun.tracking)
      .post('/shipments')
      .set('Authorization', 'Bearer demo-key')
      .send({ trackingNumber: 'TN-KEPT', recipient: { phone: '+5215599990001' } })
      .expect(201);
    expect(await first.stop('SIGINT')).toEqual({ code: 0, signal: null });

    const second = start(folder);
    const secondRun = await second.running();
    expect(secondRun.summary).toContain('kept from the last run');
    expect(secondRun.summary).not.toContain('/tenaz created');
    await request(secondRun.tracking).get('/shipments/TN-KEPT').set('Authorization', 'Bearer demo-key').expect(200);

    const refused = spawnStart(['--clean', '--embedded-dir', folder], {});
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(refused.output()).toMatch(/is running \(pid \d+\): stop npm start first/);
    expect(existsSync(join(folder, 'data', 'PG_VERSION'))).toBe(true);

    expect(await second.stop('SIGINT')).toEqual({ code: 0, signal: null });
    const clean = spawnStart(['--clean', '--embedded-dir', folder], {});
    expect(await clean.exited).toEqual({ code: 0, signal: null });
    expect(clean.output()).toContain(`removed ${folder}`);
    expect(existsSync(folder)).toBe(false);
  });

  it('runs the server as the user npm start runs as when that is not root', async () => {
    // As root, npm start itself runs as nobody here; as a normal user, as that user.
    const user = asRoot ? userIds('nobody') : undefined;
    const folder = embeddedFolder(user);
    const npmStart = start(folder, {}, user);
    const { summary, tracking } = await npmStart.running();
    expect(summary).not.toContain('as user postgres');
    await request(tracking).get('/health/ready').expect(200);
    const server = postgresProcessesOf(join(folder, 'data'));
    expect(server.map((row) => row.uid)).toEqual(server.map(() => user?.uid ?? process.getuid?.()));
    expect(await npmStart.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(stillRunning(server.map((row) => row.pid))).toEqual([]);
  });

  it('stops the embedded PostgreSQL by itself when npm start is killed', async () => {
    const folder = embeddedFolder();
    const npmStart = start(folder);
    await npmStart.running();
    const server = postgresProcessesOf(join(folder, 'data')).map((row) => row.pid);
    expect(server.length).toBeGreaterThan(0);
    // SIGKILL runs no handler in npm start: the services it started are left for the test to
    // kill; the embedded server's supervisor sees its IPC channel close and stops the server.
    const children = execFileSync('pgrep', ['-P', String(npmStart.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    npmStart.child.kill('SIGKILL');
    await npmStart.exited;
    try {
      await waitFor(() => stillRunning(server).length === 0, {
        timeoutMs: 30_000,
        description: 'the embedded server gone after npm start was killed',
      });
    } finally {
      children.forEach((pid) => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone (the supervisor exits by itself).
        }
      });
    }
  });
});
