#!/usr/bin/env node
'use strict';

/**
 * `npm start` (after `npm run build`): creates the database if missing, starts the built
 * notifications and tracking services against it (each migrates its own schema, and the
 * library's, on start), prints where they listen and a first request, and stops both gracefully
 * on Ctrl-C or SIGTERM. Configuration is the services' own environment (README); unset values
 * give a local development setup: database `tenaz`, API key `demo-key`, and the development sink
 * for every notification channel without a provider.
 */
const { Command } = require('commander');
const { ensureDatabase, redact } = require('./create-database');
const { SERVICES, missingBuilds, signalService, startService } = require('./service-process');

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tenaz';
/** Notifications waits up to PROVIDER_TIMEOUT_MS + 5 s (15 s by default) for running sends; then some slack. */
const STOP_TIMEOUT_MS = 30_000;
const PROVIDER_VARIABLES = { email: 'SMTP_URL', sms: 'SMS_PROVIDER_URL', whatsapp: 'WHATSAPP_PROVIDER_URL', push: 'PUSH_PROVIDER_URL' };

const program = new Command('start')
  .description('Start the notifications and tracking services against the local PostgreSQL (configuration: README, environment variables).')
  .option('--json', 'print the services\' JSON log lines as they are, not the compact form')
  .showHelpAfterError();

async function main() {
  program.parse();
  const { json } = program.opts();
  const missing = missingBuilds();
  if (missing.length > 0) {
    fail(`not built yet: ${missing.join(', ')}. Run \`npm run build\` (npm start does it first) and look at its errors.`);
  }
  const env = { ...process.env, DATABASE_URL: process.env.DATABASE_URL || DEFAULT_DATABASE_URL, NODE_ENV: process.env.NODE_ENV || 'development' };
  const created = await ensureDatabase(env.DATABASE_URL).catch((error) => fail(error.message));
  console.log(`start: database ${redact(env.DATABASE_URL)}${created ? ' created' : ''}`);

  const running = SERVICES.map((service) => startService(service, env, { json }));
  let stopping = false;
  const stop = (reason, exitCode) => {
    if (stopping) {
      console.log('start: stopping at once (second signal)');
      running.forEach((entry) => signalService(entry, 'SIGKILL'));
      return;
    }
    stopping = true;
    console.log(`start: ${reason}; stopping both services (they finish work in flight first)`);
    running.forEach((entry) => signalService(entry, 'SIGTERM'));
    const force = setTimeout(() => {
      console.log(`start: still running after ${STOP_TIMEOUT_MS / 1000} s; killing`);
      running.forEach((entry) => signalService(entry, 'SIGKILL'));
    }, STOP_TIMEOUT_MS);
    force.unref();
    Promise.all(running.map((entry) => entry.exited)).then((exits) => {
      // Nest ends a graceful stop by re-raising the signal it got: SIGTERM from us, or the terminal's SIGINT.
      const unclean = exits.filter(({ code, signal }) => !(code === 0 || signal === 'SIGTERM' || signal === 'SIGINT'));
      process.exit(exitCode ?? (unclean.length > 0 ? 1 : 0));
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A crash of start.js itself must not leave the services running.
  process.on('exit', () => running.forEach((entry) => signalService(entry, 'SIGKILL')));
  for (const entry of running) {
    entry.exited.then(({ code, signal }) => {
      if (!stopping) {
        console.error(`start: ${entry.service.name} stopped unexpectedly (${signal ?? `code ${code}`})`);
        stop(`${entry.service.name} stopped`, 1);
      }
    });
  }

  let urls;
  try {
    urls = await Promise.all(running.map((entry) => entry.listening));
  } catch (error) {
    console.error(`start: ${error.message}`);
    stop('a service failed to start', 1);
    return;
  }
  printSummary(env, Object.fromEntries(SERVICES.map((service, index) => [service.name, urls[index]])));
}

function printSummary(env, urls) {
  const developmentKey = env.API_KEYS === undefined || env.API_KEYS === '';
  const key = developmentKey ? 'demo-key' : '<your key>';
  const tenants = developmentKey ? 'demo' : env.API_KEYS.split(',').map((entry) => entry.split(':')[0].trim()).filter(Boolean).join(', ');
  const sinks = Object.entries(PROVIDER_VARIABLES).filter(([, variable]) => !env[variable]).map(([channel]) => channel);
  const shipment = JSON.stringify({ trackingNumber: 'TN-1001', recipient: { phone: '+5215512345678' }, notify: [{ on: 'delivered', channel: 'sms' }] });
  console.log(
    [
      '',
      'Tenaz is running',
      `  notifications  ${urls.notifications}   (OpenAPI: ${urls.notifications}/docs)`,
      `  tracking       ${urls.tracking}   (OpenAPI: ${urls.tracking}/docs)`,
      `  API key        ${developmentKey ? 'demo-key (tenant demo; set API_KEYS="tenant:key,..." to change)' : `from API_KEYS (tenants ${tenants})`}`,
      `  providers      ${sinks.length > 0 ? `development sink for ${sinks.join(', ')} (logs each delivery; set ${sinks.map((channel) => PROVIDER_VARIABLES[channel]).join(', ')} to send for real)` : 'all configured'}`,
      '',
      'Try it (the full walk-through is in README.md):',
      `  curl -s -X POST ${urls.tracking}/shipments -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' -d '${shipment}'`,
      '',
      'Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
}

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(1);
}

main().catch((error) => fail(error.stack ?? String(error)));
