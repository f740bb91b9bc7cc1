/** Socket and PostgreSQL error codes, and what an operator reading a health check should know of each. */
const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  '28P01': 'authentication failed',
  '28000': 'authentication failed',
  '3D000': 'the database does not exist',
  '53300': 'too many connections',
  '57P01': 'the server is shutting down',
  '57P02': 'the server is shutting down',
  '57P03': 'the server is starting up',
};

/**
 * Why a database check failed, in words that keep the reason but no internals: never the host,
 * port, user, statement or stack a driver's message carries (health answers are read by anyone
 * who can reach the probe port).
 */
export function describeDatabaseFailure(error: unknown): string {
  const failure = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const code = String(failure?.driverError?.code ?? failure?.code ?? '');
  if (REASONS[code]) {
    return REASONS[code];
  }
  if (code.startsWith('08')) {
    return 'connection failure';
  }
  const message = String(failure?.message ?? '');
  if (/timeout exceeded when trying to connect/.test(message)) {
    return 'no connection available in time';
  }
  if (/Connection terminated/.test(message)) {
    return 'connection closed';
  }
  return code ? `failed (${code})` : 'failed';
}
