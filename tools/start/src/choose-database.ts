import { Client } from 'pg';
import { InvalidStartOptionsError } from './errors/invalid-start-options.error';

/** Where `npm start` looks for PostgreSQL when `DATABASE_URL` is unset: a default local install. */
export const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tenaz';
/** Long enough for a loaded local server to answer, short enough not to delay the embedded fallback much. */
const PROBE_TIMEOUT_MS = 2_000;
/** Errors that mean nobody listens there (as opposed to a server that answered and said no). */
const NOBODY_LISTENING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** The PostgreSQL `npm start` runs the services against, and why. */
export type DatabaseChoice =
  | { kind: 'configured'; url: string }
  | { kind: 'local'; url: string }
  | { kind: 'embedded'; reason: 'requested' | 'nothing-answers'; probedUrl?: string };

/** What the choice depends on. */
export interface DatabaseChoiceInput {
  /** `DATABASE_URL` from the environment (empty counts as unset). */
  configuredUrl: string | undefined;
  /** Tried when `configuredUrl` is unset. */
  localUrl: string;
  /** `--embedded`: skip the probe. */
  forceEmbedded: boolean;
}

/**
 * `DATABASE_URL` when set; otherwise the local server at `localUrl` if one answers there (even
 * with an authentication error: that is a server the user has, and the error says how to fix
 * it); otherwise the embedded PostgreSQL.
 */
export async function chooseDatabase(input: DatabaseChoiceInput): Promise<DatabaseChoice> {
  const configured = input.configuredUrl || undefined;
  if (input.forceEmbedded) {
    if (configured) {
      throw new InvalidStartOptionsError(
        '--embedded and DATABASE_URL contradict each other: unset DATABASE_URL to use the embedded PostgreSQL, or drop --embedded',
      );
    }
    return { kind: 'embedded', reason: 'requested' };
  }
  if (configured) {
    return { kind: 'configured', url: configured };
  }
  return (await somethingAnswers(input.localUrl))
    ? { kind: 'local', url: input.localUrl }
    : { kind: 'embedded', reason: 'nothing-answers', probedUrl: input.localUrl };
}

/** True when a PostgreSQL server (or anything that accepts the connection) answers at `url`. */
export async function somethingAnswers(url: string): Promise<boolean> {
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  // A failed connect can still emit 'error' later; without a listener that would crash the process.
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.end();
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const timedOut = /timeout/i.test((error as Error).message);
    return !(timedOut || (code !== undefined && NOBODY_LISTENING.has(code)));
  }
}
