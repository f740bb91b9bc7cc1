/**
 * What the services' benchmarks start for each run: a database of its own, the built services as
 * child processes and a recording SMS provider. Everything is stopped or dropped by ctx.close().
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { Client, escapeIdentifier } from 'pg';
import type { BenchContext } from '../core/context';

/** A database for one run (`tenaz_bench_<label>_…`), dropped by ctx.close(). */
export async function freshDatabase(ctx: BenchContext, label: string): Promise<string> {
  const name = `tenaz_bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ctx.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`).finally(() => admin.end());
  ctx.defer(async () => {
    const cleanup = new Client({ connectionString: ctx.databaseUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`).finally(() => cleanup.end());
  });
  const url = new URL(ctx.databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A pg client on `databaseUrl`, closed by ctx.close(). */
export async function client(ctx: BenchContext, databaseUrl: string): Promise<Client> {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  ctx.defer(() => sql.end());
  return sql;
}

/** Starts a child process that logs `{ msg: readyMessage, port }` once listening; stopped by ctx.close(). */
export async function startChild(
  ctx: BenchContext,
  script: string,
  env: Record<string, string>,
  readyMessage: string,
  extraNodeArgs: string[] = [],
): Promise<string> {
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: run npm run build first`);
  }
  // BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the services under load.
  const nodeArgs = [...(process.env['BENCH_CHILD_NODE_ARGS']?.split(' ').filter(Boolean) ?? []), ...extraNodeArgs];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  ctx.defer(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 30 s: ${stderr.slice(-500)}`)), 30_000);
    void exited.then((code) => reject(new Error(`${script} exited with ${code}: ${stderr.slice(-500)}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === readyMessage) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${entry.port}`);
        }
      } catch {
        // Not a log line.
      }
    });
  });
}

/** An HTTP server on 127.0.0.1 (a free port), stopped by ctx.close(); returns its base URL. */
export async function localServer(ctx: BenchContext, handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.defer(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An SMS provider that records when each shipment's notification arrived; stopped by ctx.close(). */
export async function recordingProvider(ctx: BenchContext): Promise<{ url: string; arrivals: Map<string, number> }> {
  const arrivals = new Map<string, number>();
  const base = await localServer(ctx, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      arrivals.set(body.data?.trackingNumber, performance.now());
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"id":"${body.notificationId}"}`);
    });
  });
  return { url: `${base}/sms`, arrivals };
}
