/**
 * How long a service's database connections may wait, run or sit idle, sent to PostgreSQL as
 * session settings when each connection opens (README, "Bounded transactions and lock waits").
 *
 * - `statementTimeoutMs` 10 s: every statement of the services is an index lookup or a short
 *   write (milliseconds); a statement still running after 10 s is stuck, not slow.
 * - `lockTimeoutMs` 5 s: a lock is held by another transaction of ours for milliseconds, or for
 *   one provider call at most; waiting longer fails the statement (the request answers 503, a
 *   delivery is retried) instead of queueing behind a stuck transaction. Below the statement
 *   timeout so a lock wait fails with its own, clearer error.
 * - `idleInTransactionMs`: chosen by each service from the longest its transactions legitimately
 *   sit idle (a provider call in a delivery), and below two thirds of its lease, so the server
 *   ends the transaction of a frozen process before another process may take its message.
 * - `acquireTimeoutMs` 5 s: waiting for a pool connection (and opening one) fails after 5 s.
 * - TCP keepalive both ways: the client probes after 10 s idle; the server probes its clients
 *   after 10 s idle, every 5 s, 3 times, so the session of a vanished host ends within ~25 s.
 */
export interface ConnectionBounds {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionMs: number;
  acquireTimeoutMs: number;
}

/** The bounds every service shares; `idleInTransactionMs` is each service's own. */
export const CONNECTION_BOUNDS: Omit<ConnectionBounds, 'idleInTransactionMs'> = {
  statementTimeoutMs: 10_000,
  lockTimeoutMs: 5_000,
  acquireTimeoutMs: 5_000,
};

/** Server-side keepalive: idle seconds before the first probe, seconds between probes, probes before giving up. */
const SERVER_KEEPALIVE = { idle: 10, interval: 5, count: 3 };

/** The pg pool options (TypeORM `extra`) that apply `bounds` to every connection. */
export function poolOptions(bounds: ConnectionBounds, poolSize: number, applicationName: string): Record<string, unknown> {
  return {
    max: poolSize,
    application_name: applicationName,
    connectionTimeoutMillis: bounds.acquireTimeoutMs,
    statement_timeout: bounds.statementTimeoutMs,
    lock_timeout: bounds.lockTimeoutMs,
    idle_in_transaction_session_timeout: bounds.idleInTransactionMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    options: `-c tcp_keepalives_idle=${SERVER_KEEPALIVE.idle} -c tcp_keepalives_interval=${SERVER_KEEPALIVE.interval} -c tcp_keepalives_count=${SERVER_KEEPALIVE.count}`,
  };
}
