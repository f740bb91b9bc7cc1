import { QUEUES } from '@tenaz/contracts';

/** The variables that put a queue on a transport, one per queue (`TRACK_TRACE_QUEUE_TRANSPORT`, …). */
export const QUEUE_TRANSPORT_VARIABLES = Object.keys(QUEUES).map((queue) => `${queue.toUpperCase()}_QUEUE_TRANSPORT`);

/**
 * The services' environment: the caller's, with the chosen database and `NODE_ENV` defaulting to
 * `development`; on the embedded PostgreSQL every queue goes on the PostgreSQL transport, whatever
 * the caller set (there is no RabbitMQ to count on). Returns the variables it overrode, to tell.
 */
export function serviceEnvironment(
  inherited: NodeJS.ProcessEnv,
  databaseUrl: string,
  embedded: boolean,
): { env: NodeJS.ProcessEnv; overridden: string[] } {
  const env: NodeJS.ProcessEnv = { ...inherited, DATABASE_URL: databaseUrl, NODE_ENV: inherited['NODE_ENV'] || 'development' };
  const overridden: string[] = [];
  if (embedded) {
    for (const variable of QUEUE_TRANSPORT_VARIABLES) {
      if (inherited[variable] && inherited[variable] !== 'postgres') {
        overridden.push(`${variable}=${inherited[variable]}`);
      }
      env[variable] = 'postgres';
    }
  }
  return { env, overridden };
}
