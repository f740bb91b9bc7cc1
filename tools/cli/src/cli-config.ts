import { QUEUES } from '@tenaz/contracts';
import { rabbitmqNodes, type MessagingLogger, type MessagingOptions } from '@tenaz/messaging';
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from './exit-codes';

/**
 * createMessaging options from the environment the services read (DATABASE_URL, TENAZ_SCHEMA,
 * RABBITMQ_URL, <QUEUE>_QUEUE_TRANSPORT) with the queues both services use (@tenaz/contracts), so
 * the CLI sees exactly what the services see; `--config <file>` (JSON) replaces all of it.
 */
export function messagingOptionsFrom(env: NodeJS.ProcessEnv, configFile: string | undefined): MessagingOptions {
  if (configFile) {
    return { ...readConfigFile(configFile), logger: SILENT };
  }
  const transportOf = (name: string) => env[`${name.toUpperCase()}_QUEUE_TRANSPORT`] as 'postgres' | 'rabbitmq' | undefined;
  const queues = Object.fromEntries(
    Object.entries(QUEUES).map(([name, queue]) => [
      name,
      { slaMs: queue.slaMs, retry: { ...queue.retry }, ...(transportOf(name) ? { transport: transportOf(name) } : {}) },
    ]),
  );
  const usesRabbit = Object.values(queues).some((queue) => 'transport' in queue && queue.transport === 'rabbitmq');
  return {
    postgres: {
      connectionString: postgresUrl(env['DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/tenaz'),
      schema: env['TENAZ_SCHEMA'] || 'tenaz',
      migrate: false,
    },
    ...(usesRabbit ? { rabbitmq: { url: rabbitmqNodes(env['RABBITMQ_URL'] || 'amqp://guest:guest@127.0.0.1:5672') } } : {}),
    queues,
    logger: SILENT,
  };
}

/** The `--config` file's options; a file that cannot be read or is not JSON is a usage error. */
function readConfigFile(file: string): MessagingOptions {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as MessagingOptions;
  } catch (error) {
    throw new CliError(`--config ${file}: ${(error as Error).message}`, EXIT.usage);
  }
}

/**
 * DATABASE_URL must be a postgres:// or postgresql:// URL with a valid port: anything else is a
 * usage error (exit 2) named here, not a connection that fails later with a resolver's message.
 * The message never repeats the value: it may hold a password.
 */
function postgresUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError('DATABASE_URL is not a URL: expected postgresql://user[:password]@host[:port]/database', EXIT.usage);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new CliError(`DATABASE_URL: expected a postgresql:// URL, got ${url.protocol}//`, EXIT.usage);
  }
  return value;
}

/** The CLI prints its own output; the library's lifecycle logs would only get in the way. */
const SILENT: MessagingLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A URL with its password replaced, for messages (`postgresql://ops:***@db:5432/tenaz`). */
export function withoutPassword(text: string, urls: readonly (string | undefined)[]): string {
  let result = text;
  for (const url of urls) {
    try {
      const parsed = url ? new URL(url) : undefined;
      if (parsed?.password) {
        result = result.split(decodeURIComponent(parsed.password)).join('***').split(parsed.password).join('***');
      }
    } catch {
      // Not a URL: nothing of it to hide.
    }
  }
  return result;
}
