import { Injectable } from '@nestjs/common';
import { SqlTransactions } from '@tenaz/service-kit';
import { SQL } from '../../database/sql-statements';
import type { StoredResponse } from './idempotency-request';

/** A request's stored answer, as kept under its idempotency key. */
export interface StoredKey {
  requestHash: string;
  response: StoredResponse;
}

/** Idempotency keys per tenant: claimed with their answer by `accept-notifications.sql`, read back here to replay. */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(private readonly sql: SqlTransactions) {}

  /** The committed answer under `key`, or null (never stored, or deleted after its retention). */
  async find(tenantId: string, key: string): Promise<StoredKey | null> {
    const [row] = await this.sql.query<{ request_hash: string; response: StoredResponse }>(SQL['find-idempotency-key'], [tenantId, key]);
    return row ? { requestHash: row.request_hash, response: row.response } : null;
  }
}
