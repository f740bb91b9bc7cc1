/** PostgreSQL's connection-exception class (08xxx) aside, the codes of a server that is not there. */
const UNAVAILABLE_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03'];

/**
 * Whether an error says the database cannot be reached (socket errors, PostgreSQL's
 * connection-exception and shutdown classes, node-postgres's own messages), as TypeORM or
 * node-postgres throw it: a service answers these with 503, which clients retry, rather than 500.
 */
export function isDatabaseUnavailable(exception: unknown): boolean {
  const failure = exception as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const code = String(failure?.driverError?.code ?? failure?.code ?? '');
  return (
    UNAVAILABLE_CODES.includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|timeout exceeded when trying to connect/.test(String(failure?.message ?? ''))
  );
}

/** PostgreSQL's lock_not_available (a `lock_timeout` ran out) and query_canceled (a `statement_timeout` did). */
const BUSY_CODES = ['55P03', '57014'];

/**
 * Whether an error is one of the services' own database bounds running out (`ConnectionBounds`):
 * the statement was cancelled and its transaction rolled back, so a retry is safe (HTTP 503).
 */
export function isDatabaseBusy(exception: unknown): boolean {
  const failure = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  return BUSY_CODES.includes(String(failure?.driverError?.code ?? failure?.code ?? ''));
}
