#!/usr/bin/env node
/**
 * `npm start` (after `npm run build`): picks a PostgreSQL (DATABASE_URL; else the local server if
 * one answers; else an embedded PostgreSQL it starts, with every queue on the PostgreSQL
 * transport), creates the database if missing, starts the built notifications and tracking
 * services against it (each migrates its own schema, and the library's, on start), prints where
 * they listen and a first request, and on Ctrl-C or SIGTERM stops both gracefully, then the
 * embedded PostgreSQL. Configuration is the services' own environment (README); unset values give
 * a local development setup: database `tenaz`, API key `demo-key`, and the development sink for
 * every notification channel without a provider.
 */
import { chooseDatabase } from './choose-database';
import { ensureDatabase } from './create-database';
import { cleanEmbedded } from './embedded/clean-embedded';
import { RunningEmbeddedPostgres, startEmbeddedPostgres } from './embedded/embedded-postgres';
import { StartError } from './errors/start-error';
import { SERVICES, missingBuilds, signalService, startService } from './service-process';
import { serviceEnvironment } from './service-environment';
import { shutdownSequence } from './shutdown';
import { parseStartOptions } from './start-options';
import { databaseLines, summaryLines } from './summary';

/** The database the services use on the embedded server (the same name as on a local one). */
const DATABASE_NAME = 'tenaz';

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv);
  if (options.clean) {
    console.log(`start: ${cleanEmbedded(options.embeddedDir)}`);
    return;
  }
  const missing = missingBuilds();
  if (missing.length > 0) {
    fail(`not built yet: ${missing.join(', ')}. Run \`npm run build\` (npm start does it first) and look at its errors.`);
  }
  const choice = await chooseDatabase({
    configuredUrl: process.env['DATABASE_URL'],
    localUrl: options.localDatabaseUrl,
    forceEmbedded: options.embedded,
  });
  let embedded: RunningEmbeddedPostgres | undefined;
  if (choice.kind === 'embedded') {
    // Should this process die from here on, the supervisor notices its IPC channel close and stops the server.
    embedded = await startEmbeddedPostgres(options.embeddedDir, (line) => console.log(`start: ${line}`));
  }
  const databaseUrl = choice.kind === 'embedded' ? (embedded as RunningEmbeddedPostgres).urlFor(DATABASE_NAME) : choice.url;
  const created = await ensureDatabase(databaseUrl);
  const { env, overridden } = serviceEnvironment(process.env, databaseUrl, embedded !== undefined);
  databaseLines(choice, databaseUrl, created, embedded).forEach((line) => console.log(line));
  if (overridden.length > 0) {
    console.log(`start: ignoring ${overridden.join(', ')}: the embedded setup has no RabbitMQ (set DATABASE_URL to use your own servers)`);
  }

  const running = SERVICES.map((service) => startService(service, env, { json: options.json }));
  const { stop, unexpected } = shutdownSequence(running, embedded);
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // A crash of this process must not leave the services running (the embedded server stops by itself).
  process.on('exit', () => running.forEach((entry) => signalService(entry, 'SIGKILL')));
  for (const entry of running) {
    void entry.exited.then(({ code, signal }) => unexpected(`${entry.service.name} stopped unexpectedly (${signal ?? `code ${code}`})`));
  }
  void embedded?.lost.then(() => unexpected('the embedded PostgreSQL stopped unexpectedly'));

  let urls: string[];
  try {
    urls = await Promise.all(running.map((entry) => entry.listening));
  } catch (error) {
    console.error(`start: ${(error as Error).message}`);
    stop('a service failed to start', 1);
    return;
  }
  const [notifications = '', tracking = ''] = urls;
  console.log(summaryLines(env, { notifications, tracking }, embedded !== undefined).join('\n'));
}

function fail(message: string): never {
  console.error(`start: ${message}`);
  process.exit(1);
}

main().catch((error: unknown) => fail(error instanceof StartError ? error.message : ((error as Error).stack ?? String(error))));
