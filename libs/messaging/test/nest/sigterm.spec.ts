import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MessagingModule } from '../../src/nest';
import { createTestSchema, TestSchema } from '../helpers/postgres-schema';
import { messageState, openConnections } from './nest-test-app';
import { waitFor } from '@tenaz/test-kit';

/** Starts sigterm-app.ts in its own Node process (TypeScript through ts-node with SWC) and collects its reports. */
function startSigtermApp(
  schema: TestSchema,
  instanceId: string,
): { child: ChildProcess; events: { event: string; messageId?: string }[]; stderr: string[] } {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join(__dirname, 'sigterm-app.ts')], {
    env: {
      ...process.env,
      TENAZ_TEST_DATABASE_URL: schema.connectionString,
      TEST_SCHEMA: schema.schema,
      TEST_INSTANCE_ID: instanceId,
      TS_NODE_PROJECT: join(__dirname, '../../tsconfig.spec.json'),
      TS_NODE_TRANSPILE_ONLY: 'true',
      TS_NODE_SWC: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: { event: string; messageId?: string }[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => events.push(JSON.parse(line)));
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => stderr.push(line));
  return { child, events, stderr };
}

describe(`${MessagingModule.name} on SIGTERM`, () => {
  let schema: TestSchema;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    schema = await createTestSchema('nest_sigterm');
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
    await schema.drop();
  });

  it('with enableShutdownHooks, lets the running handler finish and acknowledges its message before the process exits', async () => {
    const instanceId = `nest-sigterm-${randomUUID().slice(0, 8)}`;
    const app = startSigtermApp(schema, instanceId);
    child = app.child;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      app.child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    // The child compiles its TypeScript on start: about 11 s alone here, much longer on a busy machine.
    const started = await waitFor(() => app.events.find((report) => report.event === 'started'), {
      timeoutMs: 45_000,
      description: `the child's handler to start (stderr: ${app.stderr.join('\n')})`,
    });
    expect(await messageState(schema, started.messageId as string)).toMatchObject({ status: 'processing' });

    app.child.kill('SIGTERM');
    const exit = await exited;

    // Nest closes the app, then re-raises SIGTERM so the process ends by the signal.
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    // 'published' may be reported before or after 'started' (the handler can win the race); 'finished' comes last.
    expect(app.events.map((report) => report.event).sort()).toEqual(['finished', 'published', 'started']);
    expect(app.events.at(-1)).toEqual({ event: 'finished', messageId: started.messageId });
    expect(await messageState(schema, started.messageId as string)).toBe('acknowledged');
    await waitFor(async () => (await openConnections(schema.sql, instanceId)) === 0, { description: "the child's connections to close" });
  }, 90_000);
});
