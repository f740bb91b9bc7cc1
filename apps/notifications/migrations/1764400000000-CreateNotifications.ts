import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifications service's tables, in its own schema `notifications` (the library's live in
 * `tenaz`). A notification's attempts are kept beside it for `GET /notifications/:id`; idempotency
 * keys remember the first answer to a request per tenant.
 */
export class CreateNotifications1764400000000 implements MigrationInterface {
  name = 'CreateNotifications1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications.notifications (
        id                   uuid          PRIMARY KEY,
        tenant_id            varchar(50)   NOT NULL,
        channel              varchar(16)   NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'whatsapp')),
        recipient            varchar(320)  NOT NULL,
        subject              varchar(200),
        body                 text,
        template_id          varchar(100),
        data                 jsonb,
        correlation_id       varchar(100),
        country_code         varchar(3),
        priority             smallint      NOT NULL,
        status               varchar(16)   NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dead')),
        origin               varchar(16)   NOT NULL CHECK (origin IN ('api', 'queue')),
        source               jsonb,
        provider             varchar(32),
        provider_message_id  varchar(200),
        last_error           text,
        created_at           timestamptz   NOT NULL DEFAULT now(),
        updated_at           timestamptz   NOT NULL DEFAULT now(),
        sent_at              timestamptz
      )`);
    // Operators list a tenant's recent notifications and those stuck in one status.
    await queryRunner.query(`CREATE INDEX notifications_tenant_created_idx ON notifications.notifications (tenant_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE notifications.notification_attempts (
        notification_id      uuid          NOT NULL REFERENCES notifications.notifications (id) ON DELETE CASCADE,
        number               integer       NOT NULL,
        outcome              varchar(16)   NOT NULL CHECK (outcome IN ('sending', 'sent', 'failed', 'dead', 'interrupted')),
        provider             varchar(32)   NOT NULL,
        provider_message_id  varchar(200),
        error                text,
        retry_in_ms          integer,
        started_at           timestamptz   NOT NULL DEFAULT now(),
        finished_at          timestamptz,
        PRIMARY KEY (notification_id, number)
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications.idempotency_keys (
        tenant_id      varchar(50)   NOT NULL,
        key            varchar(200)  NOT NULL,
        request_hash   char(64)      NOT NULL,
        response       jsonb         NOT NULL,
        created_at     timestamptz   NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications.idempotency_keys`);
    await queryRunner.query(`DROP TABLE notifications.notification_attempts`);
    await queryRunner.query(`DROP TABLE notifications.notifications`);
  }
}
