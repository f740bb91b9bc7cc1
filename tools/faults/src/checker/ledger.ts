import { Pool } from 'pg';
import { LEDGER_SQL } from './ledger-statements';
import type { FaultRecovery, ReliabilityFigures } from './reliability-figures';

/** A message as the producer saw it, once its publish ended. */
export interface SentMessage {
  id: string;
  key: string;
  seq: number;
  poison: boolean;
  notBefore: Date | null;
  sentAt: Date;
  publishAttempts: number;
  outcome: 'committed' | 'failed';
  /** Durable and confirmed when the publish returned (PostgreSQL commit, broker confirm); false for an outbox row. */
  confirmed: boolean;
  committedAt: Date | null;
}

/** A handler start a worker reported. */
export interface Delivery {
  id: string;
  attempt: number;
  worker: string;
  at: Date;
}

/** An effect row as the handler committed it in the queue database. */
export interface Effect {
  n: number | string;
  id: string;
  worker: string;
  at: Date;
}

/**
 * The checker's record of one run, in the `ledger` schema of the run's own database: what the
 * producer sent, what workers were handed, what effects were committed and what was
 * dead-lettered, and the faults injected. `figures()` turns it into the report. Writes are
 * batched (one statement per call) so that recording never slows the run it measures.
 */
export class Ledger {
  private constructor(private readonly pool: Pool) {}

  /** Creates (or recreates) the ledger schema in the database at `url`. */
  static async create(url: string): Promise<Ledger> {
    // Four connections: the producer's flushes, the deliveries' flushes and the end-of-run imports.
    const pool = new Pool({ connectionString: url, max: 4 });
    pool.on('error', () => undefined);
    await pool.query(LEDGER_SQL['create-ledger']);
    return new Ledger(pool);
  }

  async recordSent(messages: readonly SentMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.pool.query(LEDGER_SQL['insert-messages'], [
      messages.map((m) => m.id),
      messages.map((m) => m.key),
      messages.map((m) => m.seq),
      messages.map((m) => m.poison),
      messages.map((m) => m.notBefore),
      messages.map((m) => m.sentAt),
      messages.map((m) => m.publishAttempts),
      messages.map((m) => m.outcome),
      messages.map((m) => m.confirmed),
      messages.map((m) => m.committedAt),
    ]);
  }

  async recordDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.pool.query(LEDGER_SQL['insert-deliveries'], [
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.attempt),
      deliveries.map((d) => d.worker),
      deliveries.map((d) => d.at),
    ]);
  }

  async importEffects(effects: readonly Effect[]): Promise<void> {
    if (effects.length === 0) return;
    await this.pool.query(LEDGER_SQL['insert-effects'], [
      effects.map((e) => String(e.n)),
      effects.map((e) => e.id),
      effects.map((e) => e.worker),
      effects.map((e) => e.at),
    ]);
  }

  async importDeadLetters(letters: readonly { id: string; reason: string | null }[]): Promise<void> {
    if (letters.length === 0) return;
    await this.pool.query(LEDGER_SQL['insert-dead-letters'], [letters.map((l) => l.id), letters.map((l) => l.reason)]);
  }

  async recordFault(name: string, startedAt: Date, endedAt: Date = startedAt): Promise<void> {
    await this.pool.query(LEDGER_SQL['insert-fault'], [name, startedAt, endedAt]);
  }

  async markConfirmed(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(LEDGER_SQL['mark-confirmed'], [ids]);
  }

  /** Runs a statement on the ledger's database: for the checker's own tests, which sabotage a run. */
  async query(text: string, values: unknown[] = []): Promise<{ rows: Record<string, unknown>[] }> {
    return this.pool.query(text, values);
  }

  async figures(): Promise<ReliabilityFigures> {
    const [
      {
        rows: [row],
      },
      { rows: recoveries },
    ] = await Promise.all([this.pool.query(LEDGER_SQL['read-figures']), this.pool.query(LEDGER_SQL['read-recoveries'])]);
    const faults: FaultRecovery[] = recoveries.map((r) => ({
      name: r.name,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      recoveryMs: r.recovery_ms,
    }));
    return {
      sent: row.sent,
      committed: row.committed,
      publishFailed: row.publish_failed,
      publishRetries: row.publish_retries,
      confirmed: row.confirmed,
      delivered: row.delivered,
      deliveries: row.deliveries,
      processed: row.processed,
      processedOnce: row.processed_once,
      duplicateEffects: row.duplicate_effects,
      deadLettered: row.dead_lettered,
      wronglyDeadLettered: row.wrongly_dead_lettered,
      poison: row.poison,
      lost: row.lost,
      failedButStored: row.failed_but_stored,
      phantoms: row.phantoms,
      early: row.early,
      orderViolations: row.order_violations,
      latencyP50Ms: row.latency_p50_ms,
      latencyP99Ms: row.latency_p99_ms,
      latencyMaxMs: row.latency_max_ms,
      longestGapMs: row.longest_gap_ms,
      durationMs: row.duration_ms,
      faults,
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
