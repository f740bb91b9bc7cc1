import { DatabaseChoice } from './choose-database';
import { RunningEmbeddedPostgres } from './embedded/embedded-postgres';
import { displayPath } from './embedded/embedded-layout';
import { redactUrl } from './redact-url';

const PROVIDER_VARIABLES = {
  email: 'SMTP_URL',
  sms: 'SMS_PROVIDER_URL',
  whatsapp: 'WHATSAPP_PROVIDER_URL',
  push: 'PUSH_PROVIDER_URL',
} as const;

/** What `npm start` chose for PostgreSQL and the queues, and how to choose otherwise. */
export function databaseLines(
  choice: DatabaseChoice,
  databaseUrl: string,
  created: boolean,
  embedded: RunningEmbeddedPostgres | undefined,
): string[] {
  const database = `start: database ${redactUrl(databaseUrl)}${created ? ' created' : ''}`;
  if (choice.kind !== 'embedded' || !embedded) {
    return [database];
  }
  const why =
    choice.reason === 'requested' ? '--embedded' : `DATABASE_URL is unset and nothing answers at ${redactUrl(choice.probedUrl ?? '')}`;
  return [
    `start: ${why}: running the embedded PostgreSQL ${embedded.version} on 127.0.0.1:${embedded.port}${embedded.runAs ? ` as user ${embedded.runAs} (PostgreSQL refuses to run as root)` : ''}`,
    `start: its data is in ${displayPath(embedded.layout.root)} (${embedded.created ? 'new' : 'kept from the last run'}; \`npm run start:clean\` removes it), its log in ${displayPath(embedded.layout.logFile)}`,
    database,
    'start: every queue on the PostgreSQL transport (no RabbitMQ needed)',
    'start: to use your own servers: DATABASE_URL=postgresql://user:password@host:5432/tenaz [RABBITMQ_URL=amqp://… TRACK_TRACE_QUEUE_TRANSPORT=rabbitmq] npm start',
  ];
}

/** The banner printed once both services listen. */
export function summaryLines(env: NodeJS.ProcessEnv, urls: { notifications: string; tracking: string }, embedded: boolean): string[] {
  const developmentKey = env['API_KEYS'] === undefined || env['API_KEYS'] === '';
  const key = developmentKey ? 'demo-key' : '<your key>';
  const tenants = developmentKey
    ? 'demo'
    : (env['API_KEYS'] ?? '')
        .split(',')
        .map((entry) => entry.split(':')[0]?.trim())
        .filter(Boolean)
        .join(', ');
  const sinks = (Object.keys(PROVIDER_VARIABLES) as (keyof typeof PROVIDER_VARIABLES)[]).filter(
    (channel) => !env[PROVIDER_VARIABLES[channel]],
  );
  const shipment = JSON.stringify({
    trackingNumber: 'TN-1001',
    recipient: { phone: '+5215512345678' },
    notify: [{ on: 'delivered', channel: 'sms' }],
  });
  return [
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
    embedded ? 'Ctrl-C stops both, then the embedded PostgreSQL.' : 'Ctrl-C stops both.',
    '',
  ];
}
