import type { PoolClient } from 'pg';
import type { MessagingLogger } from '../model/logger';
import type { Database } from '../database/database';
import type { NotifyListener } from '../database/notify-listener';
import { DatabaseStatements, databaseStatements } from '../database/database-statements';
import { OutboxStatements, outboxStatements } from './outbox-statements';
import { OUTBOX_WAKE_PAYLOAD } from './outbox-writer';

/** An outbox row as outbox-claim.sql returns it. */
export interface OutboxRow {
  id: string;
  aggregatetype: string;
  aggregateid: string;
  type: string;
  payload_json: string;
  headers: Record<string, string>;
  priority: number;
  delay_ms: string | number;
  max_retries: number;
  retry_delay_ms: number | null;
  correlation_id: string | null;
  tenant_id: string | null;
  country_code: string | null;
  created_at: Date;
}

/** The result of relaying one row: confirmed, or why not and whether it counts as a failed attempt. */
export type RelayOutcome = { ok: true } | { ok: false; error: string; counts: boolean };

/** How a relay paces itself. */
export interface OutboxRelayOptions {
  /** The polling backstop: a missed NOTIFY delays a row by at most this long. */
  pollIntervalMs: number;
  batchSize: number;
  /** Most payload bytes one cycle claims (the first row always): what a cycle holds in memory, twice (text and buffer). */
  batchBytes: number;
  /** Cycles running at once in this relay (each its own transaction): one claims while another waits for confirms. */
  concurrency: number;
  /** Failed attempts before a row is parked as failed. */
  maxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Sent rows are kept this long (audit, and Debezium catching up), then deleted. */
  sentRetentionMs: number;
}

/** What a relay needs from the transport it feeds. */
export interface OutboxRelayDependencies {
  database: Database;
  listener: NotifyListener;
  /** Publishes one row's message and resolves once the broker confirmed it. */
  relay: (row: OutboxRow) => Promise<RelayOutcome>;
  /** Whether the broker is reachable now; a relay waits (woken on reconnect) while it is not. */
  brokerReady: () => boolean;
  options: OutboxRelayOptions;
  logger: MessagingLogger;
}

const CLEANUP_INTERVAL_MS = 60_000;
const CLEANUP_BATCH = 5_000;
const MAX_ERROR_BACKOFF_MS = 5_000;
/**
 * A cycle that claimed rows and neither sent nor counted any (the broker went away mid-cycle)
 * pauses at least this long, NOTIFYs or not, before the next claim: a relay never spins.
 */
const NO_PROGRESS_PAUSE_MS = 100;

/**
 * Moves outbox rows to RabbitMQ. Each cycle is one transaction: claim a batch (FOR UPDATE SKIP
 * LOCKED, at most one row per aggregate, see outbox-claim.sql), publish all of it with confirms
 * (many in flight), mark confirmed rows sent and failed ones failed, commit. A relay that dies
 * before the commit leaves its rows pending and unlocked: another relay sends them again with the
 * same message ids, and consumers' inboxes absorb the duplicates. Any number of relays can run
 * against one schema. Woken by NOTIFY (the writer's, at commit), by reconnects, and by a polling
 * backstop; a row whose attempts fail backs off, and after `maxAttempts` waits as failed.
 */
export class OutboxRelay {
  private stopped = false;
  private dirty = true;
  private readonly waiters = new Set<() => void>();
  /** Pauses that only `stop` ends. */
  private readonly stopWaiters = new Set<() => void>();
  private running: Promise<void[]> | undefined;
  private unsubscribe: (() => void) | undefined;
  private cleanupTimer: NodeJS.Timeout | undefined;
  private consecutiveErrors = 0;
  private repairedAt = 0;
  /** Rows this relay marked sent, for tests and tools. */
  sent = 0;
  /** Claim transactions this relay ran, for tests and tools. */
  cycles = 0;

  private readonly statements: OutboxStatements & DatabaseStatements;

  constructor(private readonly deps: OutboxRelayDependencies) {
    this.statements = { ...outboxStatements(deps.database.schema), ...databaseStatements(deps.database.schema) };
  }

  start(): void {
    this.unsubscribe = this.deps.listener.subscribe(OUTBOX_WAKE_PAYLOAD, () => this.wake());
    this.running = Promise.all(Array.from({ length: this.deps.options.concurrency }, () => this.run()));
    this.cleanupTimer = setInterval(() => void this.cleanup(), CLEANUP_INTERVAL_MS);
    this.cleanupTimer.unref();
  }

  /** Something may be relayable: a NOTIFY, a reconnect. */
  wake(): void {
    this.dirty = true;
    this.waiters.forEach((waiter) => waiter());
  }

  /** Finishes the cycle in progress (its transaction commits or rolls back) and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.cleanupTimer);
    this.waiters.forEach((waiter) => waiter());
    this.stopWaiters.forEach((waiter) => waiter());
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.repairIfDue();
        const { claimed, progressed } = await this.cycle();
        this.consecutiveErrors = 0;
        if (claimed === 0) {
          await this.sleep(await this.idleWaitMs());
        } else if (!progressed) {
          await this.pause(NO_PROGRESS_PAUSE_MS);
          await this.sleep(await this.idleWaitMs());
        }
      } catch (error) {
        this.consecutiveErrors += 1;
        const backoff = Math.min(MAX_ERROR_BACKOFF_MS, 100 * 2 ** this.consecutiveErrors);
        if (this.consecutiveErrors === 1 || this.consecutiveErrors % 10 === 0) {
          this.deps.logger.warn({ err: (error as Error).message, retryInMs: backoff }, 'outbox relay cycle failed; retrying');
        }
        await this.sleep(backoff, true);
      }
    }
  }

  /**
   * One claim-publish-mark transaction. Returns the rows claimed and whether anything changed:
   * a row sent, or a failed attempt counted (that row now backs off).
   */
  private async cycle(): Promise<{ claimed: number; progressed: boolean }> {
    this.dirty = false;
    if (!this.deps.brokerReady()) {
      return { claimed: 0, progressed: false };
    }
    this.cycles += 1;
    return this.deps.database.withTransaction(async (client) => {
      await client.query(this.statements['outbox-claim-plan']);
      const { batchSize, batchBytes } = this.deps.options;
      const rows = (await client.query<OutboxRow>(this.statements['outbox-claim'], [batchSize, batchBytes])).rows;
      if (rows.length === 0) {
        return { claimed: 0, progressed: false };
      }
      // Anything a relay throws is the row's (counted): an outage is reported as an outcome.
      const outcomes = await Promise.all(
        rows.map((row) =>
          this.deps.relay(row).catch((error: Error) => ({ ok: false, error: error.message, counts: true }) as RelayOutcome),
        ),
      );
      const progressed = await this.mark(client, rows, outcomes);
      return { claimed: rows.length, progressed };
    });
  }

  /** Marks sent and failed rows; true when any row was sent or had a failure counted. */
  private async mark(client: PoolClient, rows: OutboxRow[], outcomes: RelayOutcome[]): Promise<boolean> {
    const sent = rows.filter((_, index) => outcomes[index].ok).map((row) => row.id);
    const failed = rows
      .map((row, index) => ({ row, outcome: outcomes[index] }))
      .filter(
        (entry): entry is { row: OutboxRow; outcome: Extract<RelayOutcome, { ok: false }> } => !entry.outcome.ok && entry.outcome.counts,
      );
    if (sent.length > 0) {
      await client.query(this.statements['outbox-mark-sent'], [sent]);
      this.sent += sent.length;
      // Their aggregates' next rows, written 'waiting', may go in the next claim.
      const aggregates = [...new Set(rows.filter((_, index) => outcomes[index].ok).map((row) => row.aggregateid))];
      await client.query(this.statements['outbox-promote-next'], [aggregates]);
    }
    if (failed.length > 0) {
      const { maxAttempts, retryBaseDelayMs, retryMaxDelayMs } = this.deps.options;
      const result = await client.query<{ id: string; status: string; retry_count: number }>(this.statements['outbox-mark-failed'], [
        failed.map((entry) => entry.row.id),
        failed.map((entry) => entry.outcome.error),
        maxAttempts,
        retryBaseDelayMs,
        retryMaxDelayMs,
      ]);
      // One line per row and attempt, with its id and error, never its payload.
      const statuses = new Map(result.rows.map((row) => [row.id, row]));
      for (const entry of failed) {
        const marked = statuses.get(entry.row.id);
        this.deps.logger.warn(
          {
            outboxId: entry.row.id,
            queue: entry.row.aggregatetype,
            attempts: marked?.retry_count,
            status: marked?.status,
            err: entry.outcome.error,
          },
          marked?.status === 'failed'
            ? 'outbox row failed its last relay attempt; parked as failed (outbox.listFailed / retryFailed)'
            : 'outbox row could not be relayed; backing off',
        );
      }
    }
    return sent.length > 0 || failed.length > 0;
  }

  /** Until the next row is due (a backing-off row), capped by the polling backstop. */
  private async idleWaitMs(): Promise<number> {
    const poll = this.deps.options.pollIntervalMs;
    if (!this.deps.brokerReady()) {
      return poll;
    }
    const [next] = await this.deps.database.query<{ due_in_ms: number | null }>(this.statements['outbox-next-due']);
    const dueIn = next?.due_in_ms;
    // Due now yet nothing claimed: blocked behind another relay's or a failed row; poll for it.
    return dueIn === null || dueIn === undefined || dueIn <= 0 ? poll : Math.min(poll, Math.ceil(dueIn));
  }

  /**
   * Once per polling interval (per relay loop): promote rows left 'waiting' with nothing ahead of
   * them by a write that raced the send of the row before it. Bounds that delay by the polling
   * interval; costs one index probe per aggregate with waiting rows.
   */
  private async repairIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.repairedAt < this.deps.options.pollIntervalMs) {
      return;
    }
    this.repairedAt = now;
    const promoted = await this.deps.database.query(this.statements['outbox-promote-stuck']);
    if (promoted.length > 0) {
      this.deps.logger.debug({ promoted: promoted.length }, 'outbox rows no longer waiting behind a sent row');
    }
  }

  private async cleanup(): Promise<void> {
    try {
      for (;;) {
        const deleted = await this.deps.database.withTransaction(async (client) => {
          const lock = await client.query<{ locked: boolean }>(this.statements['try-cleanup-lock'], [this.deps.database.schema]);
          if (!lock.rows[0].locked) {
            return 0;
          }
          return (
            (await client.query(this.statements['outbox-cleanup-sent'], [this.deps.options.sentRetentionMs, CLEANUP_BATCH])).rowCount ?? 0
          );
        });
        if (deleted < CLEANUP_BATCH) {
          return;
        }
      }
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, 'outbox cleanup failed; will retry');
    }
  }

  /** Waits `ms` whatever wakes the relay, unless it stops. */
  private pause(ms: number): Promise<void> {
    if (this.stopped) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopWaiters.add(done);
    });
  }

  /** Waits up to `ms`, or less if woken. `force` waits even when already woken (error backoff). */
  private sleep(ms: number, force = false): Promise<void> {
    if (this.stopped || (this.dirty && !force)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
