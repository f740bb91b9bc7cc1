import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tracking service's tables, in its own schema `tracking` (the library's live in `tenaz`).
 *
 * - `shipments`: one per tenant and tracking number, with the recipient's contacts, the
 *   milestones to notify on, and the projection's current status. The status columns hold the
 *   ordering key of the event that set it (occurred_at, status rank, event id), so a late older
 *   event is compared in one UPDATE and never moves the status backwards.
 * - `tracking_events`: every accepted event, once per (shipment, event id). `applied_at` is set
 *   by the projection; the timeline shows applied events ordered by occurrence.
 * - `milestone_notifications`: the notification requests already raised, once per (shipment,
 *   milestone, channel), so a milestone is notified once however many events repeat it.
 */
export class CreateTracking1764500000000 implements MigrationInterface {
  name = 'CreateTracking1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statuses = `('created', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned')`;
    await queryRunner.query(`
      CREATE TABLE tracking.shipments (
        id                    uuid          PRIMARY KEY,
        tenant_id             varchar(50)   NOT NULL,
        tracking_number       varchar(64)   NOT NULL,
        recipient_email       varchar(320),
        recipient_phone       varchar(16),
        recipient_push_token  varchar(320),
        notify                jsonb         NOT NULL DEFAULT '[]',
        country_code          varchar(3),
        correlation_id        varchar(100)  NOT NULL,
        status                varchar(20)   CHECK (status IN ${statuses}),
        status_event_id       varchar(100),
        status_occurred_at    timestamptz,
        status_rank           smallint,
        created_at            timestamptz   NOT NULL DEFAULT now(),
        updated_at            timestamptz   NOT NULL DEFAULT now(),
        CONSTRAINT shipments_tenant_tracking_number_key UNIQUE (tenant_id, tracking_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE tracking.tracking_events (
        shipment_id   uuid          NOT NULL REFERENCES tracking.shipments (id) ON DELETE CASCADE,
        event_id      varchar(100)  NOT NULL,
        status        varchar(20)   NOT NULL CHECK (status IN ${statuses}),
        location      varchar(200),
        occurred_at   timestamptz   NOT NULL,
        source        varchar(100),
        details       jsonb,
        received_at   timestamptz   NOT NULL DEFAULT now(),
        applied_at    timestamptz,
        PRIMARY KEY (shipment_id, event_id)
      )`);
    // The timeline reads one shipment's events in order of occurrence.
    await queryRunner.query(`CREATE INDEX tracking_events_timeline_idx ON tracking.tracking_events (shipment_id, occurred_at)`);
    await queryRunner.query(`
      CREATE TABLE tracking.milestone_notifications (
        shipment_id   uuid          NOT NULL REFERENCES tracking.shipments (id) ON DELETE CASCADE,
        milestone     varchar(20)   NOT NULL,
        channel       varchar(16)   NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'whatsapp')),
        event_id      varchar(100)  NOT NULL,
        message_id    uuid          NOT NULL,
        requested_at  timestamptz   NOT NULL DEFAULT now(),
        PRIMARY KEY (shipment_id, milestone, channel)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tracking.milestone_notifications`);
    await queryRunner.query(`DROP TABLE tracking.tracking_events`);
    await queryRunner.query(`DROP TABLE tracking.shipments`);
  }
}
