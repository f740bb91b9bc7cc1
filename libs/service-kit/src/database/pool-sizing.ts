/**
 * Connections beyond the consumers' own that the pool must have: one so a consumer that holds its
 * inbox transaction's connection can always take a second (a delivery records its attempts on one
 * of its own), one so the API and the probes are never starved by the consumers.
 */
export const CONNECTIONS_BEYOND_CONSUMERS = 2;

/**
 * Why a pool of `poolSize` connections could wedge a process consuming `concurrency` messages at
 * once, or undefined when it cannot: with `concurrency` or more inbox transactions holding every
 * connection, each waiting for one more, nothing ever finishes (`DATABASE_POOL_SIZE <=
 * DELIVERY_CONCURRENCY` deadlocked the notifications service before this check).
 */
export function poolSizeProblem(poolSize: number, concurrency: number, concurrencyVariable: string): string | undefined {
  const needed = concurrency + CONNECTIONS_BEYOND_CONSUMERS;
  return poolSize >= needed
    ? undefined
    : `DATABASE_POOL_SIZE (${poolSize}) must be at least ${concurrencyVariable} + ${CONNECTIONS_BEYOND_CONSUMERS} (${needed}): each running handler holds a connection for its inbox transaction and may need a second, and the API needs connections too`;
}

/**
 * The shortest lease that keeps a frozen process harmless with the server ending its transactions
 * after `idleInTransactionMs`: a claim is renewed every third of its lease, so another process may
 * take the message as soon as two thirds of the lease after the freeze; the server must have ended
 * the frozen transaction (and released its locks) a second before that.
 */
export function minimumLeaseMs(idleInTransactionMs: number): number {
  return Math.ceil(1.5 * (idleInTransactionMs + 1_000));
}

/** Why `leaseMs` is too short for `idleInTransactionMs`, or undefined (see {@link minimumLeaseMs}). */
export function leaseProblem(leaseMs: number, idleInTransactionMs: number, leaseVariable: string, because: string): string | undefined {
  const minimum = minimumLeaseMs(idleInTransactionMs);
  return leaseMs >= minimum
    ? undefined
    : `${leaseVariable} (${leaseMs}) must be at least ${minimum}: the server ends a transaction idle for ${idleInTransactionMs} ms (${because}), and that must happen before two thirds of the lease have passed, so a frozen process's locks are gone when another process takes its messages`;
}
