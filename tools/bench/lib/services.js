'use strict';

/**
 * What the services' benchmarks start for each run: a database of its own, the built services as
 * child processes and a recording SMS provider. Everything is stopped or dropped by ctx.close().
 */
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync } = require('node:fs');
const { createServer } = require('node:http');
const { createInterface } = require('node:readline');
const { Client, escapeIdentifier } = require('pg');

/** A database for one run (`tenaz_bench_<label>_…`), dropped by ctx.close(). */
async function freshDatabase(ctx, label) {
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
async function client(ctx, databaseUrl) {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  ctx.defer(() => sql.end());
  return sql;
}

/** Starts a child process that logs `{ msg: readyMessage, port }` once listening; stopped by ctx.close(). */
async function startChild(ctx, script, env, readyMessage) {
  if (!existsSync(script)) {
    throw new Error(`${script} is missing: run npm run build first`);
  }
  // BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the services under load.
  const nodeArgs = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  ctx.defer(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 30 s: ${stderr.slice(-500)}`)), 30_000);
    exited.then((code) => reject(new Error(`${script} exited with ${code}: ${stderr.slice(-500)}`)));
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

/** An SMS provider that records when each shipment's notification arrived; stopped by ctx.close(). */
async function recordingProvider(ctx) {
  const arrivals = new Map();
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      arrivals.set(body.data?.trackingNumber, performance.now());
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"id":"${body.notificationId}"}`);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.defer(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return { url: `http://127.0.0.1:${server.address().port}/sms`, arrivals };
}

module.exports = { client, freshDatabase, recordingProvider, startChild };
