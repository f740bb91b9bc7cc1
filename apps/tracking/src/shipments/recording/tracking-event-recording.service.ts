import { Injectable } from '@nestjs/common';
import { TRACK_TRACE_QUEUE, TRACKING_EVENT_RECORDED, TRACKING_PRIORITY, TrackingEventRecorded } from '@tenaz/contracts';
import { deterministicMessageId, PublishManyEntry, Publisher } from '@tenaz/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { TrackingMetrics } from '../../metrics/tracking.metrics';
import { EventConflictError, ShipmentNotFoundError } from '../errors';
import type { RecordTrackingEventDto } from '../record-tracking-event/record-tracking-event.dto';
import { ShipmentRef, ShipmentRepository } from '../shipment.repository';
import { eventKey, NewTrackingEvent, TrackingEventRepository } from '../tracking-event.repository';
import { sameEvent } from './same-event';

/** One event to accept, with where it sits in the request (`events.3`) for error messages in a batch. */
export interface EventToRecord {
  trackingNumber: string;
  event: RecordTrackingEventDto;
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

/** One item of a request after the insert: the event as sent, and what it is. */
interface Candidate {
  item: EventToRecord;
  shipment: ShipmentRef;
  event: NewTrackingEvent;
  /** True for the item that stored its event just now (only the first of a key in a request can). */
  isNew: boolean;
  /** For a repeat of an item stored earlier in this request: that item's event (else compare with the stored row). */
  repeatOf?: NewTrackingEvent;
}

/**
 * The step both ways of accepting events share (one event, a batch): each event is stored and its
 * `tracking.event.recorded` message queued in one transaction (outbox), so an accepted event is
 * never lost and never half-written. All events of a request commit together or none does: an
 * unknown shipment (404) or an event id reused with different content (409) rejects the whole
 * request. An exact repeat is a duplicate: answered, not stored again.
 */
@Injectable()
export class TrackingEventRecordingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shipments: ShipmentRepository,
    private readonly events: TrackingEventRepository,
    private readonly publisher: Publisher,
    private readonly metrics: TrackingMetrics,
  ) {}

  /** Accepts `items` for `tenantId`, all or none; answers in request order. */
  async record(tenantId: string, items: EventToRecord[]): Promise<AcceptedEvent[]> {
    const candidates = await this.dataSource.transaction(async (manager) => {
      // 1. Every shipment must be the tenant's (404 naming each unknown one otherwise).
      const refs = await this.shipmentsOf(manager, tenantId, items);
      // 2. One INSERT … ON CONFLICT DO NOTHING for all events: it says which keys were new.
      const events = items.map((item) => toNewEvent(refs.get(item.trackingNumber) as ShipmentRef, item.event));
      const inserted = await this.events.insertMany(manager, events);
      const classified = classify(items, refs, events, inserted);
      // 3. Every other item repeats a stored event or an earlier item: it must say the same (409 otherwise).
      await this.checkRepeats(manager, classified);
      // 4. One message per new event, in one write, in this transaction.
      const messages = classified.filter((candidate) => candidate.isNew).map((candidate) => recordedMessage(tenantId, candidate));
      if (messages.length > 0) {
        await this.publisher.publishManyTransactional(messages, manager);
      }
      return classified;
    });
    const duplicates = candidates.filter((candidate) => !candidate.isNew).length;
    this.metrics.eventsAccepted.inc({ outcome: 'new' }, candidates.length - duplicates);
    this.metrics.eventsAccepted.inc({ outcome: 'duplicate' }, duplicates);
    return candidates.map(({ item, isNew }) => ({ trackingNumber: item.trackingNumber, eventId: item.event.eventId, duplicate: !isNew }));
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
   * A repeat must say what its original says: the item of this request that stored it, or the
   * event stored before. A different event under a used id is a conflict, naming each.
   */
  private async checkRepeats(manager: EntityManager, candidates: Candidate[]): Promise<void> {
    const repeats = candidates.filter((candidate) => !candidate.isNew);
    if (repeats.length === 0) {
      return;
    }
    const stored = await this.events.findMany(
      manager,
      repeats.filter((candidate) => candidate.repeatOf === undefined).map((candidate) => candidate.event),
    );
    const problems = repeats.flatMap(({ item, event, repeatOf }) => {
      const original = repeatOf ?? stored.get(eventKey(event.shipmentId, event.eventId));
      if (original && sameEvent(original, event)) {
        return [];
      }
      const where = item.path ? `${item.path}.eventId` : 'eventId';
      return [`${where}: event ${event.eventId} of shipment ${item.trackingNumber} was already recorded with different content`];
    });
    if (problems.length > 0) {
      throw new EventConflictError(problems);
    }
  }
}

/**
 * Pairs each item with what the insert made of it. The insert skips a key already stored and
 * every later item of the request with a key seen earlier in it, so only the first item of a key
 * can be new, and a later item with that key repeats the first.
 */
function classify(items: EventToRecord[], refs: Map<string, ShipmentRef>, events: NewTrackingEvent[], inserted: Set<string>): Candidate[] {
  const storedByThisRequest = new Map<string, NewTrackingEvent>();
  const seen = new Set<string>();
  return items.map((item, index) => {
    const event = events[index];
    const key = eventKey(event.shipmentId, event.eventId);
    const isNew = !seen.has(key) && inserted.has(key);
    seen.add(key);
    if (isNew) {
      storedByThisRequest.set(key, event);
    }
    const repeatOf = isNew ? undefined : storedByThisRequest.get(key);
    return { item, shipment: refs.get(item.trackingNumber) as ShipmentRef, event, isNew, ...(repeatOf ? { repeatOf } : {}) };
  });
}

function recordedMessage(tenantId: string, { shipment, event }: Candidate): PublishManyEntry {
  const payload: TrackingEventRecorded = { tenantId, trackingNumber: shipment.trackingNumber, eventId: event.eventId };
  return {
    queue: TRACK_TRACE_QUEUE,
    type: TRACKING_EVENT_RECORDED,
    payload,
    options: {
      priority: TRACKING_PRIORITY,
      tenantId,
      correlationId: shipment.correlationId,
      messageId: recordedMessageId(tenantId, shipment.trackingNumber, event.eventId),
      ...(shipment.countryCode ? { countryCode: shipment.countryCode } : {}),
    },
  };
}

/** Times are kept to the millisecond everywhere (JavaScript's precision), so ordering compares like with like. */
function toNewEvent(shipment: ShipmentRef, event: RecordTrackingEventDto): NewTrackingEvent {
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
