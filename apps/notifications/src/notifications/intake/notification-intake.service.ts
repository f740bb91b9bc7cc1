import { Injectable } from '@nestjs/common';
import { CombinedTransactions, ItemOutcome, SqlClient, SqlTransactions } from '@tenaz/service-kit';
import { IdempotencyKeyReusedError } from '../errors';
import type { Idempotency, StoredResponse } from '../idempotency/idempotency-request';
import { IdempotencyKeyRepository } from '../idempotency/idempotency-key.repository';
import { KeyToClaim, keyOf, NewNotification } from '../notification.repository';
import { NotificationQueueingService, NotificationToQueue } from '../queueing/notification-queueing.service';

/** One request as the combined transaction takes it: its notifications (ids chosen) and its key with its answer. */
interface IntakeItem {
  rows: NewNotification[];
  key: KeyToClaim | undefined;
}

/**
 * Transactions in flight at once. Four keep two cores busy while one commits (measured: the
 * commits, not the statements, were what a request waited for), and leave the pool's other
 * connections to the deliveries.
 */
const TRANSACTIONS_IN_FLIGHT = 4;
/** Requests per transaction: 16 concurrent clients fit in one; a batch request counts as one. */
const REQUESTS_PER_TRANSACTION = 64;

/**
 * Accepts requests of `POST /notifications` and `/notifications/batch`. Concurrent requests share
 * one transaction (`CombinedTransactions`): one statement claims their idempotency keys and stores
 * their notifications (accept-notifications.sql), one stores their `notification.deliver`
 * messages, one COMMIT; each request is answered once that commit is done, so what is answered 202
 * is stored with its message. Each request stays all-or-nothing and idempotent: its notifications
 * are stored only if its key was claimed; a request whose key another request holds (in this
 * transaction or another) gets that request's answer, or 422 when its body differs.
 */
@Injectable()
export class NotificationIntake {
  private readonly combined: CombinedTransactions<IntakeItem, boolean>;

  constructor(
    transactions: SqlTransactions,
    private readonly queueing: NotificationQueueingService,
    private readonly keys: IdempotencyKeyRepository,
  ) {
    this.combined = new CombinedTransactions(transactions, (client, items) => this.write(client, items), {
      maxInFlight: TRANSACTIONS_IN_FLIGHT,
      maxItems: REQUESTS_PER_TRANSACTION,
    });
  }

  /** Stores and queues one request's notifications; `answer` builds its 202 from their ids (stored with the key). */
  async accept<TBody>(
    tenantId: string,
    notifications: NotificationToQueue[],
    idempotency: Idempotency | undefined,
    answer: (ids: string[]) => StoredResponse<TBody>,
  ): Promise<StoredResponse<TBody> & { replayed: boolean }> {
    const rows = this.queueing.rows(tenantId, notifications, idempotency?.key ?? null);
    const response = answer(rows.map((row) => row.id));
    const key = idempotency && { tenantId, key: idempotency.key, requestHash: idempotency.requestHash, response };
    if (await this.combined.submit({ rows, key })) {
      return { ...response, replayed: false };
    }
    // Not claimed: the key's first request committed before (or in) this transaction; answer as it was answered.
    const first = idempotency && (await this.keys.find(tenantId, idempotency.key));
    if (!first || first.requestHash !== idempotency?.requestHash) {
      throw new IdempotencyKeyReusedError();
    }
    return { ...(first.response as StoredResponse<TBody>), replayed: true };
  }

  /** One combined transaction's writes; an item's result says whether its notifications were stored. */
  private async write(client: SqlClient, items: IntakeItem[]): Promise<ItemOutcome<boolean>[]> {
    // A key repeated within one transaction is claimed by its first request; the later ones write nothing and replay it.
    const seen = new Set<string>();
    const included = items.map((item) => {
      if (!item.key) {
        return true;
      }
      const key = keyOf(item.key.tenantId, item.key.key);
      const first = !seen.has(key);
      seen.add(key);
      return first;
    });
    const { claimed } = await this.queueing.storeAndQueue(
      client,
      items.flatMap((item, index) => (included[index] ? item.rows : [])),
      items.flatMap((item, index) => (included[index] && item.key ? [item.key] : [])),
    );
    return items.map((item, index) => ({ result: included[index] && (!item.key || claimed.has(keyOf(item.key.tenantId, item.key.key))) }));
  }
}
