import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QUEUES } from '@tenaz/contracts';
import { createMessaging, Messaging } from '@tenaz/messaging';
import { createTestDatabase, TestDatabase, waitFor } from '@tenaz/test-kit';

const run = promisify(execFile);
/** The built CLI, as `npx tenaz` runs it. */
const BIN = join(__dirname, '..', 'bin', 'tenaz.js');

describe('tenaz CLI', () => {
  let database: TestDatabase;
  let messaging: Messaging;
  const ids: string[] = [];

  /** Runs the CLI as an operator would, against this test's database. */
  async function tenaz(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
        env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: database.url, ...env },
        timeout: 30_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }
  const cli = (...args: string[]) => tenaz({}, ...args);

  /**
   * Runs the CLI in a pseudo-terminal (util-linux `script`), as an operator at a terminal would:
   * `answer` is typed once `prompt` shows. Returns what the terminal showed and the exit code.
   */
  function tenazInTerminal(
    args: string[],
    dialogue?: { prompt: RegExp; answer: string },
  ): Promise<{ code: number | null; screen: string }> {
    const command = [process.execPath, BIN, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
    return new Promise((resolve, reject) => {
      const child = spawn('script', ['-qefc', command, '/dev/null'], {
        env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: database.url, TERM: 'xterm' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      let screen = '';
      let answered = false;
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString('utf8');
        if (dialogue && !answered && dialogue.prompt.test(screen)) {
          answered = true;
          child.stdin.write(dialogue.answer);
        }
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, screen });
      });
    });
  }

  beforeAll(async () => {
    database = await createTestDatabase('cli');
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    messaging = await createMessaging({
      postgres: { connectionString: database.url },
      queues: {
        notifications: { slaMs: QUEUES.notifications.slaMs, retry: { ...QUEUES.notifications.retry } },
        track_trace: { slaMs: QUEUES.track_trace.slaMs },
      },
      logger: quiet,
    });
    for (const [type, tenantId] of [
      ['sms', 'acme'],
      ['sms', 'globex'],
      ['email', 'acme'],
    ]) {
      ids.push(
        (await messaging.publisher.publish({ queue: 'notifications', type, payload: { to: '+5215512345678' } }, { tenantId })).messageId,
      );
    }
    const handle = await messaging.consumer.consume('notifications', async () => ({ deadLetter: 'provider rejected the number' }));
    await waitFor(async () => (await messaging.deadLetters.count('notifications')) === 3, { description: 'three dead letters' });
    await handle.stop();
  });

  afterAll(async () => {
    await messaging?.close();
    await database?.drop();
  });

  it('shows every queue with transport, depth and SLA state, exiting 5 while one breaches its SLA', async () => {
    // The three dead letters of beforeAll are in the health window: notifications breaches its SLA.
    await messaging.health('notifications');
    const { code, stdout } = await cli('--json', 'queues');
    expect(code).toBe(5);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({
        queue: 'notifications',
        transport: 'postgres',
        depth: 0,
        deadLetters: 3,
        slaMs: 30_000,
        sla: 'breaching',
        inPerSec: 0.05,
      }),
      expect.objectContaining({ queue: 'track_trace', depth: 0, sla: 'idle', inPerSec: 0, outPerSec: 0 }),
    ]);
    const table = await cli('queues');
    expect(table.stdout).toMatch(/notifications.*postgres.*breaching/);
    const idle = await cli('queues', 'track_trace');
    expect(idle.code).toBe(0);
    expect(idle.stdout).toMatch(/track_trace.*idle/);
  });

  it('lists dead letters with filters and a count, without payloads; shows one whole', async () => {
    const sms = JSON.parse((await cli('--json', 'dead-letters', 'list', 'notifications', '--type', 'sms')).stdout);
    expect(sms.map((letter: { id: string }) => letter.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(sms[0]).toMatchObject({ attempts: 1, reason: 'provider rejected the number' });
    expect(sms[0].payload).toBeUndefined();
    expect((await cli('dead-letters', 'list', 'notifications', '--tenant', 'acme', '--limit', '1')).stdout).toMatch(/1 of 2 dead letters/);
    expect(JSON.parse((await cli('--json', 'dlq', 'list', 'notifications', '--older-than', '1h')).stdout)).toEqual([]);

    const shown = JSON.parse((await cli('dead-letters', 'show', 'notifications', ids[2])).stdout);
    expect(shown).toMatchObject({ id: ids[2], type: 'email', tenantId: 'acme', payload: { to: '+5215512345678' } });
    const missing = await cli('dead-letters', 'show', 'notifications', '6f1c1f1e-0000-4000-8000-000000000000');
    expect(missing.code).toBe(4);
  });

  it('refuses to replay or purge everything by accident; purge needs --yes without a terminal', async () => {
    const refused = await cli('dead-letters', 'replay', 'notifications');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/name the message ids to replay, give a filter/);
    const unconfirmed = await cli('dead-letters', 'purge', 'notifications', '--all');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/pass --yes/);
    expect(await messaging.deadLetters.count('notifications')).toBe(3);
  });

  it('replays by filter and purges by id, printing the counts', async () => {
    expect((await cli('dead-letters', 'replay', 'notifications', '--tenant', 'globex')).stdout).toMatch(
      /replayed 1 dead letter of notifications/,
    );
    expect(JSON.parse((await cli('--json', 'dead-letters', 'purge', 'notifications', ids[2], '--yes')).stdout)).toEqual({
      queue: 'notifications',
      purged: 1,
    });
    expect(await messaging.deadLetters.count('notifications')).toBe(1);
    expect((await messaging.health('notifications')).pending).toBe(1);
  });

  it('asks at a terminal before a purge: a decline exits 6 and deletes nothing, a yes purges', async () => {
    expect(await messaging.deadLetters.count('notifications')).toBe(1);
    const prompt = /Delete 1 dead letter of notifications for good\?/;
    const declined = await tenazInTerminal(['dead-letters', 'purge', 'notifications', '--all'], { prompt, answer: 'n\r' });
    expect(declined.screen).toMatch(prompt);
    expect(declined.screen).toMatch(/purge declined; nothing deleted/);
    expect(declined.code).toBe(6);
    expect(await messaging.deadLetters.count('notifications')).toBe(1);

    const confirmed = await tenazInTerminal(['dead-letters', 'purge', 'notifications', '--all'], { prompt, answer: 'y\r' });
    expect(confirmed.screen).toMatch(/purged 1 dead letter of notifications/);
    expect(confirmed.code).toBe(0);
    expect(await messaging.deadLetters.count('notifications')).toBe(0);
  });

  it('shows a progress bar on a long replay at a terminal and prints the count', async () => {
    const many = 620;
    await messaging.publisher.publishMany(Array.from({ length: many }, () => ({ queue: 'notifications', type: 'bulk', payload: {} })));
    const handle = await messaging.consumer.consume('notifications', async () => ({ deadLetter: 'campaign cancelled' }), {
      concurrency: 16,
    });
    await waitFor(async () => (await messaging.deadLetters.count('notifications', { type: 'bulk' })) === many, {
      timeoutMs: 30_000,
      description: `${many} dead letters`,
    });
    await handle.stop();

    const replay = await tenazInTerminal(['dead-letters', 'replay', 'notifications', '--type', 'bulk']);
    expect(replay.code).toBe(0);
    expect(replay.screen).toMatch(/replaying .*0\/620/);
    expect(replay.screen).toMatch(/replaying .*620\/620/);
    expect(replay.screen).toMatch(/replayed 620 dead letters of notifications/);
    expect(await messaging.deadLetters.count('notifications', { type: 'bulk' })).toBe(0);
    // The one message left pending by the replay above was dead-lettered by this consumer too.
    expect((await messaging.health('notifications')).pending).toBe(many);
  }, 60_000);

  it('shows the outbox backlog and refuses a retry without ids or --all', async () => {
    expect(JSON.parse((await cli('--json', 'outbox', 'list')).stdout)).toEqual({
      backlog: { pending: 0, failed: 0, oldestPendingAgeMs: 0, queues: [] },
      failed: [],
    });
    expect((await cli('outbox', 'retry')).code).toBe(2);
    expect(JSON.parse((await cli('--json', 'outbox', 'retry', '--all')).stdout)).toEqual({ retried: 0 });
  });

  it('names an unknown queue (exit 4) and a database it cannot reach (exit 3) without printing the password', async () => {
    const unknown = await cli('queues', 'parcels');
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/unknown queue "parcels"/);
    const unreachable = await tenaz({ DATABASE_URL: 'postgresql://ops:s3cret-Pa55@127.0.0.1:1/tenaz' }, 'queues');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^tenaz: cannot connect/);
    expect(unreachable.stderr).not.toContain('s3cret-Pa55');
  });

  it('names a malformed connection string as a usage error (exit 2) before connecting, without printing it', async () => {
    for (const url of [
      'postgresql://ops:s3cret-Pa55@127.0.0.1:no-port/tenaz',
      'not a url s3cret-Pa55',
      'mysql://ops:s3cret-Pa55@db/tenaz',
    ]) {
      const malformed = await tenaz({ DATABASE_URL: url }, 'queues');
      expect(malformed.code).toBe(2);
      expect(malformed.stderr).toMatch(/^tenaz: DATABASE_URL/);
      expect(malformed.stderr).not.toContain('s3cret-Pa55');
    }
    const rabbit = await tenaz({ NOTIFICATIONS_QUEUE_TRANSPORT: 'rabbitmq', RABBITMQ_URL: 'http://guest:s3cret-Pa55@127.0.0.1' }, 'queues');
    expect(rabbit.code).toBe(2);
    expect(rabbit.stderr).toMatch(/rabbitmq\.url/);
    expect(rabbit.stderr).not.toContain('s3cret-Pa55');
  });
});
