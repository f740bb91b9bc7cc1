// Builds createMessaging options for the operations CLI from the environment, with the queues
// both services use (@tenaz/contracts), so the CLI sees exactly what the services see.
const { QUEUES } = require('@tenaz/contracts');

/** Reads TENAZ_* / service environment variables; a JSON file (--config) overrides everything. */
function messagingOptionsFromEnv(env, configFile) {
  if (configFile) {
    return { ...JSON.parse(require('node:fs').readFileSync(configFile, 'utf8')), logger: silentLogger() };
  }
  const transportOf = (name) => env[`${name.toUpperCase()}_QUEUE_TRANSPORT`] || undefined;
  const queues = Object.fromEntries(
    Object.entries(QUEUES).map(([name, queue]) => [name, { slaMs: queue.slaMs, retry: { ...queue.retry }, ...(transportOf(name) ? { transport: transportOf(name) } : {}) }]),
  );
  const usesRabbit = Object.values(queues).some((queue) => queue.transport === 'rabbitmq');
  return {
    postgres: { connectionString: env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/tenaz', schema: env.TENAZ_SCHEMA || 'tenaz' },
    ...(usesRabbit ? { rabbitmq: { url: env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672' } } : {}),
    queues,
    logger: silentLogger(),
  };
}

/** The CLI prints its own output; the library's lifecycle logs would only get in the way. */
function silentLogger() {
  const ignore = () => undefined;
  return { debug: ignore, info: ignore, warn: ignore, error: ignore };
}

module.exports = { messagingOptionsFromEnv };
