import type { Database } from '../../database/database';
import type { MessagingLogger } from '../../model/logger';
import type { Priority } from '../../model/message';
import type { ResolvedQueue } from '../../model/messaging-options';
import { LeaseLostError } from '../../model/errors';
import type { Delivery, Subscription } from '../../transport/transport.interface';
import type { QueueStatements } from './queue-statements';

/** A claimed row as claim-messages.sql returns it (in claim order). */
interface ClaimedRow {
  id: string;
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
  created_at_ms: number;
  first_due_at_ms: number;
}

/** A claimed message this loop holds: its attempt (the fencing token) and when its lease was last secured. */
interface Held {
  attempts: number;
  delivery: Delivery;
  /** When the claim or renewal that last succeeded was sent: the lease holds for `leaseMs` from at least then. */
  securedAt: number;
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

/**
 * A claim that found due messages all locked by other claimers retries after 2 ms, doubling while
 * that repeats, up to 50 ms: those locks last as long as a claim statement, a few milliseconds.
 */
const CONTENDED_RETRY_MIN_MS = 2;
const CONTENDED_RETRY_MAX_MS = 50;
const MAX_ERROR_BACKOFF_MS = 5_000;

/**
 * Feeds one consumer of one queue. It claims due messages in batches (priority first, then due
 * order) into the consumer's buffer, keeps their leases alive until each is settled, and sleeps
 * when there is nothing to do until a NOTIFY, a settlement that frees room, the next due message
 * (delays and retries) or the polling backstop, whichever comes first.
 */
export class ClaimLoop implements Subscription {
  private readonly held = new Map<string, Held>();
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
  private contendedWaitMs = CONTENDED_RETRY_MIN_MS;

  constructor(
    private readonly deps: ClaimLoopDependencies,
    private readonly queue: ResolvedQueue,
    private readonly prefetch: number,
    private readonly onDelivery: (delivery: Delivery) => void,
    private readonly onLost: ((delivery: Delivery, reason: LeaseLostError) => void) | undefined,
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

  /**
   * Called when a held message's settlement starts being written. From then on it no longer takes
   * room in the buffer: the next claim need not wait for the acknowledgements' round trip.
   */
  settlingStarted(id: string): void {
    this.settling.add(id);
    if (this.occupied <= this.prefetch / 2) {
      this.wake();
    }
  }

  /** Held messages not yet being settled: buffered or running. */
  private get occupied(): number {
    return this.held.size - this.settling.size;
  }

  /**
   * Whether this loop can no longer be sure it holds the message: no claim or renewal of it has
   * succeeded for a whole lease (the process stalled: a CPU-bound handler, a freeze, a slow
   * database), so another consumer may have reclaimed it. Checked before a settlement is written,
   * so the late outcome of a stalled attempt is refused without a round trip.
   */
  leaseLapsed(id: string): boolean {
    const held = this.held.get(id);
    if (!held || this.lost.has(id)) {
      return true;
    }
    if (Date.now() - held.securedAt < this.queue.leaseMs) {
      return false;
    }
    this.markLost(id, `no renewal of its ${this.queue.leaseMs} ms lease succeeded in time (the process stalled)`);
    return true;
  }

  /** Called once a held message is settled (or its settlement failed and its lease will lapse). */
  forget(id: string): void {
    this.held.delete(id);
    this.lost.delete(id);
    this.settling.delete(id);
    if (this.occupied <= this.prefetch / 2) {
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
    // Messages whose settlement is being written do not count: held stays under twice the prefetch.
    const room = this.prefetch - this.occupied;
    if (room <= 0 || (this.occupied > 0 && room < this.prefetch / 2)) {
      // Full: a NOTIFY now changes nothing. Settlements wake the loop once room frees up.
      this.dirty = false;
      await this.sleep(this.queue.pollIntervalMs);
      return;
    }
    this.dirty = false;
    const claimedAt = Date.now();
    const rows = await this.deps.database.query<ClaimedRow>(this.deps.statements['claim-messages'], [
      this.queue.name,
      room,
      this.queue.leaseMs,
      this.deps.instanceId,
    ]);
    this.deliver(rows, claimedAt);
    // Any rows at all: the next cycle decides whether there is room to claim again. A short batch
    // is what competing consumers see (SKIP LOCKED passes over rows another claim is taking), not a
    // sign that the queue is empty: pausing here made two processes drain at a tenth of one's rate.
    if (rows.length > 0 || this.dirty || this.stopped) {
      this.contendedWaitMs = CONTENDED_RETRY_MIN_MS;
      return;
    }
    const [next] = await this.deps.database.query<{ due_in_ms: number | null }>(this.deps.statements['next-due'], [this.queue.name]);
    const dueInMs = next?.due_in_ms ?? Number.POSITIVE_INFINITY;
    const untilReclaim = this.nextReclaimAt - Date.now();
    let wait = Math.ceil(dueInMs);
    if (dueInMs <= 0) {
      // Due yet nothing claimed: every due row is locked by other claims in flight, for a few ms.
      wait = this.contendedWaitMs;
      this.contendedWaitMs = Math.min(this.contendedWaitMs * 2, CONTENDED_RETRY_MAX_MS);
    }
    await this.sleep(Math.max(Math.min(this.queue.pollIntervalMs, untilReclaim, wait), 1));
  }

  private deliver(rows: ClaimedRow[], claimedAt: number): void {
    for (const row of rows) {
      const handle: ClaimHandle = { id: row.id, attempts: row.attempts, loop: this };
      const delivery: Delivery = {
        message: {
          id: row.id,
          queue: this.queue.name,
          type: row.message_type,
          payload: row.payload,
          priority: row.priority,
          attempt: row.attempts,
          correlationId: row.correlation_id,
          tenantId: row.tenant_id,
          countryCode: row.country_code,
          headers: row.headers,
          createdAt: new Date(row.created_at_ms),
        },
        maxRetries: row.max_retries,
        retryDelayMs: row.retry_delay_ms,
        dueAt: new Date(row.first_due_at_ms),
        handle,
      };
      this.held.set(row.id, { attempts: row.attempts, delivery, securedAt: claimedAt });
      this.onDelivery(delivery);
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
      const sentAt = Date.now();
      const rows = await this.deps.database.query<{ id: string }>(this.deps.statements['extend-leases'], [
        ids,
        ids.map((id) => this.held.get(id)?.attempts),
        this.queue.leaseMs,
      ]);
      const kept = new Set(rows.map((row) => row.id));
      for (const id of ids) {
        const held = this.held.get(id);
        if (held && kept.has(id)) {
          held.securedAt = sentAt;
        } else if (held && !this.settling.has(id)) {
          this.markLost(id, 'its lease expired and another consumer reclaimed it');
        }
      }
    } catch (error) {
      this.deps.logger.warn({ queue: this.queue.name, err: (error as Error).message }, 'lease renewal failed; will retry');
    }
  }

  private markLost(id: string, reason: string): void {
    const held = this.held.get(id);
    if (!held || this.lost.has(id)) {
      return;
    }
    this.lost.add(id);
    this.deps.logger.warn(
      { queue: this.queue.name, messageId: id, attempt: held.attempts },
      `lost a lease: ${reason}; the message may run twice`,
    );
    this.onLost?.(held.delivery, new LeaseLostError(this.queue.name, id, reason));
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
