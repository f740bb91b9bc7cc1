import type { Database } from '../../database/database';
import type { MessagingLogger } from '../../model/logger';
import type { Priority } from '../../model/message';
import type { ResolvedQueue } from '../../model/messaging-options';
import type { Delivery, Subscription } from '../../transport/transport.interface';
import type { QueueStatements } from './queue-statements';

/** A claimed row as claim-messages.sql returns it. */
interface ClaimedRow {
  id: string;
  queue_name: string;
  message_type: string;
  payload: unknown;
  headers: Record<string, string>;
  priority: Priority;
  attempts: number;
  max_retries: number;
  retry_delay_ms: number | null;
  correlation_id: string | null;
  tenant_id: string | null;
  country_code: string | null;
  created_at: Date;
  first_due_at: Date;
  scheduled_for: Date;
  seq: string;
}

/** The transport's reference to a claim: the row and the attempt it was claimed at. */
export interface ClaimHandle {
  id: string;
  attempts: number;
  loop: ClaimLoop;
}

/** What a claim loop needs from its transport. */
export interface ClaimLoopDependencies {
  database: Database;
  statements: QueueStatements;
  instanceId: string;
  logger: MessagingLogger;
}

/** A waiting message that is due but locked by another claimer is retried this soon. */
const CONTENDED_RETRY_MS = 50;
const MAX_ERROR_BACKOFF_MS = 5_000;

/**
 * Feeds one consumer of one queue. It claims due messages in batches (priority first, then due
 * order) into the consumer's buffer, keeps their leases alive until each is settled, and sleeps
 * when there is nothing to do until a NOTIFY, a settlement that frees room, the next due message
 * (delays and retries) or the polling backstop, whichever comes first.
 */
export class ClaimLoop implements Subscription {
  private readonly held = new Map<string, number>();
  private readonly lost = new Set<string>();
  /** Held messages whose settlement is being written: no longer renewed, never reported lost. */
  private readonly settling = new Set<string>();
  private stopped = false;
  private dirty = true;
  private waiter: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private nextReclaimAt = 0;
  private consecutiveErrors = 0;

  constructor(
    private readonly deps: ClaimLoopDependencies,
    private readonly queue: ResolvedQueue,
    private readonly prefetch: number,
    private readonly onDelivery: (delivery: Delivery) => void,
  ) {}

  start(): void {
    this.running = this.run();
    // A third of the lease: two renewals can fail (a slow database) before a lease lapses.
    this.leaseTimer = setInterval(() => void this.extendLeases(), Math.max(250, Math.floor(this.queue.leaseMs / 3)));
    this.leaseTimer.unref();
  }

  /** Something may be claimable: a NOTIFY, a reconnect, or room freed in the buffer. */
  wake(): void {
    this.dirty = true;
    this.waiter?.();
  }

  /** Called when a held message's settlement starts being written. */
  settlingStarted(id: string): void {
    this.settling.add(id);
  }

  /** Called once a held message is settled (or its settlement failed and its lease will lapse). */
  forget(id: string): void {
    this.held.delete(id);
    this.lost.delete(id);
    this.settling.delete(id);
    if (this.held.size <= this.prefetch / 2) {
      this.wake();
    }
    if (this.stopped && this.held.size === 0) {
      clearInterval(this.leaseTimer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waiter?.();
    await this.running;
    if (this.held.size === 0) {
      clearInterval(this.leaseTimer);
    }
  }

  /** Stops renewing leases at once (the transport is closing; unsettled messages will be reclaimed). */
  abandon(): void {
    this.stopped = true;
    this.waiter?.();
    clearInterval(this.leaseTimer);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.cycle();
        this.consecutiveErrors = 0;
      } catch (error) {
        this.consecutiveErrors += 1;
        const backoff = Math.min(MAX_ERROR_BACKOFF_MS, 100 * 2 ** this.consecutiveErrors);
        if (this.consecutiveErrors === 1 || this.consecutiveErrors % 10 === 0) {
          this.deps.logger.warn({ queue: this.queue.name, err: (error as Error).message, retryInMs: backoff }, 'claiming failed; retrying');
        }
        await this.sleep(backoff, true);
      }
    }
  }

  private async cycle(): Promise<void> {
    if (Date.now() >= this.nextReclaimAt) {
      await this.reclaimExpiredLeases();
    }
    // Refill when half the buffer is free (or it is empty): fewer, larger claims under load.
    const room = this.prefetch - this.held.size;
    if (room <= 0 || (this.held.size > 0 && room < this.prefetch / 2)) {
      // Full: a NOTIFY now changes nothing. Settlements wake the loop once room frees up.
      this.dirty = false;
      await this.sleep(this.queue.pollIntervalMs);
      return;
    }
    this.dirty = false;
    const rows = await this.deps.database.query<ClaimedRow>(this.deps.statements['claim-messages'], [
      this.queue.name,
      room,
      this.queue.leaseMs,
      this.deps.instanceId,
    ]);
    this.deliver(rows);
    if (rows.length === room || this.dirty || this.stopped) {
      return;
    }
    const [next] = await this.deps.database.query<{ due_in_ms: number | null }>(this.deps.statements['next-due'], [this.queue.name]);
    const dueInMs = next?.due_in_ms ?? Number.POSITIVE_INFINITY;
    const untilReclaim = this.nextReclaimAt - Date.now();
    const wait = Math.min(this.queue.pollIntervalMs, untilReclaim, dueInMs <= 0 ? CONTENDED_RETRY_MS : Math.ceil(dueInMs));
    await this.sleep(Math.max(wait, 1));
  }

  private deliver(rows: ClaimedRow[]): void {
    rows.sort(compareClaimOrder);
    for (const row of rows) {
      this.held.set(row.id, row.attempts);
      const handle: ClaimHandle = { id: row.id, attempts: row.attempts, loop: this };
      this.onDelivery({
        message: {
          id: row.id,
          queue: row.queue_name,
          type: row.message_type,
          payload: row.payload,
          priority: row.priority,
          attempt: row.attempts,
          correlationId: row.correlation_id,
          tenantId: row.tenant_id,
          countryCode: row.country_code,
          headers: row.headers,
          createdAt: row.created_at,
        },
        maxRetries: row.max_retries,
        retryDelayMs: row.retry_delay_ms,
        dueAt: row.first_due_at,
        handle,
      });
    }
  }

  private async reclaimExpiredLeases(): Promise<void> {
    this.nextReclaimAt = Date.now() + Math.min(this.queue.pollIntervalMs, Math.floor(this.queue.leaseMs / 2));
    const rows = await this.deps.database.query(this.deps.statements['reclaim-expired-leases'], [this.queue.name, 1_000]);
    if (rows.length > 0) {
      this.deps.logger.warn({ queue: this.queue.name, count: rows.length }, 'reclaimed messages whose lease expired');
      this.dirty = true;
    }
  }

  private async extendLeases(): Promise<void> {
    // A settlement racing this renewal would make its row look lost; those rows are done anyway.
    const ids = [...this.held.keys()].filter((id) => !this.lost.has(id) && !this.settling.has(id));
    if (ids.length === 0) {
      return;
    }
    try {
      const rows = await this.deps.database.query<{ id: string }>(this.deps.statements['extend-leases'], [
        ids,
        ids.map((id) => this.held.get(id)),
        this.queue.leaseMs,
      ]);
      if (rows.length < ids.length) {
        const kept = new Set(rows.map((row) => row.id));
        const lostNow = ids.filter((id) => !kept.has(id) && this.held.has(id) && !this.settling.has(id));
        lostNow.forEach((id) => this.lost.add(id));
        if (lostNow.length > 0) {
          this.deps.logger.warn({ queue: this.queue.name, count: lostNow.length }, 'lost leases (expired and reclaimed elsewhere); those messages may run twice');
        }
      }
    } catch (error) {
      this.deps.logger.warn({ queue: this.queue.name, err: (error as Error).message }, 'lease renewal failed; will retry');
    }
  }

  /** Waits up to `ms`, or less if woken. `force` waits even when already woken (error backoff). */
  private sleep(ms: number, force = false): Promise<void> {
    if (this.stopped || (this.dirty && !force)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
  }
}

function compareClaimOrder(a: ClaimedRow, b: ClaimedRow): number {
  return b.priority - a.priority || a.scheduled_for.getTime() - b.scheduled_for.getTime() || Number(BigInt(a.seq) - BigInt(b.seq));
}
