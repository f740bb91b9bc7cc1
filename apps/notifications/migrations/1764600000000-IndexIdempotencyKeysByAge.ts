import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys are deleted once older than `IDEMPOTENCY_KEY_RETENTION_MS`, a batch at a time,
 * oldest first: this index lets each batch find them without scanning the table.
 */
export class IndexIdempotencyKeysByAge1764600000000 implements MigrationInterface {
  name = 'IndexIdempotencyKeysByAge1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idempotency_keys_created_at ON notifications.idempotency_keys (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX notifications.idempotency_keys_created_at`);
  }
}
