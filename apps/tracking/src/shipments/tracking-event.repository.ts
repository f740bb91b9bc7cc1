import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { queryRows, SqlRunner } from '@tenaz/service-kit';
import { SQL } from '../database/sql-statements';
import type { NotifySubscription } from './shipment.entity';
import { TrackingEventEntity } from './tracking-event.entity';
import { TRACKING_STATUSES, TrackingStatus } from './tracking-status';

/** An event as accepted: what the carrier said, for one shipment. */
export interface NewTrackingEvent {
  shipmentId: string;
  eventId: string;
  status: TrackingStatus;
  location: string | null;
  occurredAt: Date;
  source: string | null;
  details: Record<string, unknown> | null;
}

/** A stored event and what the projection needs of its shipment. */
export interface EventToApply {
  shipmentId: string;
  notify: NotifySubscription[];
  recipient: { email: string | null; phone: string | null; pushToken: string | null };
  countryCode: string | null;
  correlationId: string;
  eventId: string;
  status: TrackingStatus;
  location: string | null;
  occurredAt: Date;
  receivedAt: Date;
  appliedAt: Date | null;
}

/** One timeline entry as stored. */
export interface TimelineRow {
  event_id: string;
  status: TrackingStatus;
  location: string | null;
  occurred_at: Date;
  source: string | null;
  details: Record<string, unknown> | null;
  received_at: Date;
  applied_at: Date;
}

/** The key of an event: unique per shipment. */
export function eventKey(shipmentId: string, eventId: string): string {
  return `${shipmentId}/${eventId}`;
}

/** Tracking events: accepted (stored) by the API, applied (put in the timeline) by the projection; always in the caller's transaction. */
@Injectable()
export class TrackingEventRepository {
  /** Stores events in the caller's transaction in one statement; returns the keys that were new. */
  async insertMany(runner: SqlRunner, events: NewTrackingEvent[]): Promise<Set<string>> {
    const rows = await queryRows<{ shipment_id: string; event_id: string }>(runner, SQL['insert-events'], [
      JSON.stringify(events.map(toRow)),
    ]);
    return new Set(rows.map((row) => eventKey(row.shipment_id, row.event_id)));
  }

  /** Stored events by key, for comparing a repeat with the original. */
  async findMany(runner: SqlRunner, keys: { shipmentId: string; eventId: string }[]): Promise<Map<string, NewTrackingEvent>> {
    const rows = await queryRows<Record<string, unknown>>(runner, SQL['find-events'], [
      JSON.stringify(keys.map((key) => ({ shipment_id: key.shipmentId, event_id: key.eventId }))),
    ]);
    return new Map(
      rows.map((row) => [
        eventKey(row['shipment_id'] as string, row['event_id'] as string),
        {
          shipmentId: row['shipment_id'] as string,
          eventId: row['event_id'] as string,
          status: row['status'] as TrackingStatus,
          location: row['location'] as string | null,
          occurredAt: row['occurred_at'] as Date,
          source: row['source'] as string | null,
          details: row['details'] as Record<string, unknown> | null,
        },
      ]),
    );
  }

  /** The event named by a `tracking.event.recorded` message, with its shipment, or null. */
  async findToApply(manager: EntityManager, tenantId: string, trackingNumber: string, eventId: string): Promise<EventToApply | null> {
    const [row] = await queryRows<Record<string, unknown>>(manager, SQL['find-event-to-apply'], [tenantId, trackingNumber, eventId]);
    if (!row) {
      return null;
    }
    return {
      shipmentId: row['shipment_id'] as string,
      notify: row['notify'] as NotifySubscription[],
      recipient: {
        email: row['recipient_email'] as string | null,
        phone: row['recipient_phone'] as string | null,
        pushToken: row['recipient_push_token'] as string | null,
      },
      countryCode: row['country_code'] as string | null,
      correlationId: row['correlation_id'] as string,
      eventId: row['event_id'] as string,
      status: row['status'] as TrackingStatus,
      location: row['location'] as string | null,
      occurredAt: row['occurred_at'] as Date,
      receivedAt: row['received_at'] as Date,
      appliedAt: row['applied_at'] as Date | null,
    };
  }

  /** Puts an event in the timeline; returns when it was received and applied, or null if it already was. */
  async markApplied(manager: EntityManager, shipmentId: string, eventId: string): Promise<{ receivedAt: Date; appliedAt: Date } | null> {
    const [row] = await queryRows<{ received_at: Date; applied_at: Date }>(manager, SQL['mark-event-applied'], [shipmentId, eventId]);
    return row ? { receivedAt: row.received_at, appliedAt: row.applied_at } : null;
  }

  /** A shipment's applied events in order of occurrence. */
  timeline(manager: EntityManager, shipmentId: string): Promise<TimelineRow[]> {
    return queryRows<TimelineRow>(manager, SQL['select-timeline'], [shipmentId, [...TRACKING_STATUSES]]);
  }

  /** How many accepted events of a shipment are not in its timeline yet. */
  pendingCount(manager: EntityManager, shipmentId: string): Promise<number> {
    return manager.getRepository(TrackingEventEntity).countBy({ shipmentId, appliedAt: IsNull() });
  }
}

function toRow(event: NewTrackingEvent): Record<string, unknown> {
  return {
    shipment_id: event.shipmentId,
    event_id: event.eventId,
    status: event.status,
    location: event.location,
    occurred_at: event.occurredAt.toISOString(),
    source: event.source,
    details: event.details,
  };
}
