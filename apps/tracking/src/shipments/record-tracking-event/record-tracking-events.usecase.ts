import { Injectable } from '@nestjs/common';
import { TRACKING_EVENT_RECORDED, TRACKING_PRIORITY, TrackingEventRecorded } from '@tenaz/contracts';
import { deterministicMessageId, Publisher } from '@tenaz/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { TrackingMetrics } from '../../metrics/tracking.metrics';
import { EventConflictError, ShipmentNotFoundError } from '../errors';
import { ShipmentRef, ShipmentRepository } from '../shipment.repository';
import { eventKey, NewTrackingEvent, TrackingEventRepository } from '../tracking-event.repository';
import { RecordTrackingEventCommand } from './record-tracking-event.command';
import { sameEvent } from './same-event';

/** One event to accept, with where it sits in the request (`events.3`) for error messages in a batch. */
export interface EventToRecord {
  trackingNumber: string;
  event: RecordTrackingEventCommand;
  /** The request path of the item in a batch; absent for a single event. */
  path?: string;
}

/** The answer for one accepted event. */
export interface AcceptedEvent {
  trackingNumber: string;
  eventId: string;
  /** True when this event id was already stored for the shipment: nothing new was stored or queued. */
  duplicate: boolean;
}

/** The id of an event's `tracking.event.recorded`: one per (tenant, shipment, event id), so a re-publish is stored once. */
export function recordedMessageId(tenantId: string, trackingNumber: string, eventId: string): string {
  return deterministicMessageId(`tracking.event.recorded:${tenantId}:${trackingNumber}:${eventId}`);
}

/**
 * Accepts tracking events: each is stored and its `tracking.event.recorded` message queued in one
 * transaction (outbox), so an accepted event is never lost and never half-written. All events of a
 * request commit together or none does: an unknown shipment (404) or an event id reused with
 * different content (409) rejects the whole request. An exact repeat is a duplicate: answered,
 * not stored again.
 */
@Injectable()
export class RecordTrackingEventsUsecase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipments: ShipmentRepository,
    private readonly events: TrackingEventRepository,
    private readonly publisher: Publisher,
    private readonly metrics: TrackingMetrics,
  ) {}

  async execute(tenantId: string, items: EventToRecord[]): Promise<AcceptedEvent[]> {
    const accepted = await this.dataSource.transaction(async (manager) => {
      const refs = await this.shipmentsOf(manager, tenantId, items);
      const candidates = items.map((item) => toNewEvent(refs.get(item.trackingNumber) as ShipmentRef, item.event));
      const inserted = await this.events.insertMany(manager, candidates);
      const firstIndex = new Map<string, number>();
      const news: number[] = [];
      const repeats: number[] = [];
      candidates.forEach((candidate, index) => {
        const key = eventKey(candidate.shipmentId, candidate.eventId);
        if (inserted.has(key) && !firstIndex.has(key)) {
          news.push(index);
        } else {
          repeats.push(index);
        }
        firstIndex.set(key, firstIndex.get(key) ?? index);
      });
      await this.checkRepeats(manager, items, candidates, repeats, firstIndex, inserted);
      for (const index of news) {
        await this.queue(manager, tenantId, refs.get(items[index].trackingNumber) as ShipmentRef, candidates[index].eventId);
      }
      const isNew = new Set(news);
      return items.map((item, index) => ({ trackingNumber: item.trackingNumber, eventId: item.event.eventId, duplicate: !isNew.has(index) }));
    });
    const duplicates = accepted.filter((event) => event.duplicate).length;
    this.metrics.eventsAccepted.inc({ outcome: 'new' }, accepted.length - duplicates);
    this.metrics.eventsAccepted.inc({ outcome: 'duplicate' }, duplicates);
    return accepted;
  }

  /** The request's shipments; every unknown one is named (a batch names each item's path). */
  private async shipmentsOf(manager: EntityManager, tenantId: string, items: EventToRecord[]): Promise<Map<string, ShipmentRef>> {
    const refs = await this.shipments.findRefs(manager, tenantId, [...new Set(items.map((item) => item.trackingNumber))]);
    const unknown = items.filter((item) => !refs.has(item.trackingNumber));
    if (unknown.length > 0) {
      throw new ShipmentNotFoundError(unknown.map((item) => ShipmentNotFoundError.of(item.trackingNumber, item.path && `${item.path}.trackingNumber`).message));
    }
    return refs;
  }

  /**
   * A repeat must say what the stored event (or its first occurrence in this request) says; a
   * different event under a used id is a conflict, naming each.
   */
  private async checkRepeats(
    manager: EntityManager,
    items: EventToRecord[],
    candidates: NewTrackingEvent[],
    repeats: number[],
    firstIndex: Map<string, number>,
    inserted: Set<string>,
  ): Promise<void> {
    if (repeats.length === 0) {
      return;
    }
    const stored = await this.events.findMany(
      manager,
      repeats.filter((index) => !inserted.has(eventKey(candidates[index].shipmentId, candidates[index].eventId))).map((index) => candidates[index]),
    );
    const problems = repeats.flatMap((index) => {
      const key = eventKey(candidates[index].shipmentId, candidates[index].eventId);
      const original = inserted.has(key) ? candidates[firstIndex.get(key) as number] : stored.get(key);
      if (original && sameEvent(original, candidates[index])) {
        return [];
      }
      const where = items[index].path ? `${items[index].path}.eventId` : 'eventId';
      return [`${where}: event ${candidates[index].eventId} of shipment ${items[index].trackingNumber} was already recorded with different content`];
    });
    if (problems.length > 0) {
      throw new EventConflictError(problems);
    }
  }

  private async queue(manager: EntityManager, tenantId: string, shipment: ShipmentRef, eventId: string): Promise<void> {
    const payload: TrackingEventRecorded = { tenantId, trackingNumber: shipment.trackingNumber, eventId };
    await this.publisher.publishTransactional({ queue: 'track_trace', type: TRACKING_EVENT_RECORDED, payload }, manager, {
      priority: TRACKING_PRIORITY,
      tenantId,
      correlationId: shipment.correlationId,
      messageId: recordedMessageId(tenantId, shipment.trackingNumber, eventId),
      ...(shipment.countryCode ? { countryCode: shipment.countryCode } : {}),
    });
  }
}

/** Times are kept to the millisecond everywhere (JavaScript's precision), so ordering compares like with like. */
function toNewEvent(shipment: ShipmentRef, event: RecordTrackingEventCommand): NewTrackingEvent {
  return {
    shipmentId: shipment.id,
    eventId: event.eventId,
    status: event.status,
    location: event.location ?? null,
    occurredAt: new Date(Date.parse(event.occurredAt)),
    source: event.source ?? null,
    details: event.details ?? null,
  };
}
