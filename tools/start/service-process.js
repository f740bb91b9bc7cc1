'use strict';

const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { createInterface } = require('node:readline');

const ROOT = join(__dirname, '..', '..');

/** The services `npm start` runs: where the build leaves them and the variable of their port. */
const SERVICES = [
  { name: 'notifications', main: join(ROOT, 'dist', 'apps', 'notifications', 'main.js'), portVariable: 'NOTIFICATIONS_PORT', defaultPort: 3001 },
  { name: 'tracking', main: join(ROOT, 'dist', 'apps', 'tracking', 'main.js'), portVariable: 'TRACKING_PORT', defaultPort: 3002 },
];

/** pino's numeric levels, for a readable log line. */
const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Nest's start-up chatter (one line per module and route), left out of the compact form. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
/** Fields every line has, left out of the compact form. */
const BOILERPLATE = new Set(['level', 'time', 'service', 'pid', 'hostname', 'msg']);

/**
 * One service's log line for a terminal: `12:00:01 tracking      info  message {fields}`, or
 * undefined for Nest's start-up chatter. The services already mask personal data and redact keys;
 * this only reshapes the line.
 */
function formatLine(name, line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${name.padEnd(13)} ${line}`;
  }
  if (BOOT_CONTEXTS.has(entry.context)) {
    return undefined;
  }
  const time = new Date(entry.time ?? Date.now()).toTimeString().slice(0, 8);
  const fields = Object.fromEntries(Object.entries(entry).filter(([key]) => !BOILERPLATE.has(key)));
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${time} ${name.padEnd(13)} ${(LEVELS[entry.level] ?? String(entry.level)).padEnd(5)} ${entry.msg ?? ''}${rest}`;
}

/**
 * Starts one built service as a child process in the terminal's process group, so a Ctrl-C or a
 * closed terminal reaches it directly too (a second signal while it shuts down is ignored by
 * Nest, so `start.js` forwarding one more is harmless). Resolves `listening` with the URL once the
 * service logs that it listens; `exited` resolves with its exit code or signal.
 */
function startService(service, env, { json }) {
  const child = spawn(process.execPath, [service.main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise((resolve, reject) => {
    exited.then(({ code, signal }) => reject(new Error(`${service.name} exited (${signal ?? `code ${code}`}) before listening; its log is above`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const shown = json ? line : formatLine(service.name, line);
      if (shown !== undefined) {
        process.stdout.write(`${shown}\n`);
      }
      if (line.includes(`"${service.name} service listening"`)) {
        const { host, port } = JSON.parse(line);
        resolve(`http://${host}:${port}`);
      }
    });
  });
  createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`${service.name.padEnd(13)} ${line}\n`));
  return { service, child, listening, exited };
}

/** Sends `signal` to a service that is still running. */
function signalService(running, signal) {
  if (running.child.exitCode === null && running.child.signalCode === null) {
    running.child.kill(signal);
  }
}

/** The built services that are missing, as `path (how to build)` lines. */
function missingBuilds() {
  return SERVICES.filter((service) => !existsSync(service.main)).map((service) => `${service.main} (npx nx run ${service.name}:build)`);
}

module.exports = { SERVICES, formatLine, missingBuilds, signalService, startService };
