import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from '../idempotency-key.entity';

/** Idempotency keys per tenant, always inside the caller's transaction. */
@Injectable()
export class IdempotencyKeyRepository {
  /**
   * Claims a key for this request. A concurrent request holding the same key makes this wait
   * until it commits (then `false`: replay its answer) or rolls back (then `true`).
   */
  async claim(manager: EntityManager, tenantId: string, key: string, requestHash: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(IdempotencyKeyEntity)
      // The answer is filled in by saveResponse before this transaction commits.
      .values({ tenantId, key, requestHash, response: () => `'{"statusCode":0,"body":null}'::jsonb` })
      .orIgnore()
      .returning(['key'])
      .execute();
    return (result.raw as unknown[]).length === 1;
  }

  find(manager: EntityManager, tenantId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    return manager.getRepository(IdempotencyKeyEntity).findOneBy({ tenantId, key });
  }

  async saveResponse(manager: EntityManager, tenantId: string, key: string, response: IdempotencyKeyEntity['response']): Promise<void> {
    // TypeORM's deep-partial type cannot describe an arbitrary JSON body; the column is jsonb.
    await manager.getRepository(IdempotencyKeyEntity).update({ tenantId, key }, { response: response as never });
  }
}
