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
