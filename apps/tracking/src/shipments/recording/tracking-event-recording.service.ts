import { Injectable } from '@nestjs/common';
import { TRACK_TRACE_QUEUE, TRACKING_EVENT_RECORDED, TRACKING_PRIORITY, TrackingEventRecorded } from '@tenaz/contracts';
import { deterministicMessageId, PublishManyEntry, Publisher } from '@tenaz/messaging';
import { CombinedTransactions, IsolateItemsError, ItemOutcome, SqlClient, SqlTransactions } from '@tenaz/service-kit';
import { TrackingMetrics } from '../../metrics/tracking.metrics';
import { EventConflictError, ShipmentNotFoundError } from '../errors';
import type { RecordTrackingEventDto } from '../record-tracking-event/record-tracking-event.dto';
import { ShipmentRef, ShipmentRepository, shipmentKey } from '../shipment.repository';
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
  /** True for the item that stored its event just now (only the first of a key in a transaction can). */
  isNew: boolean;
  /** For a repeat of an item stored earlier in this transaction: that item's event (else compare with the stored row). */
  repeatOf?: NewTrackingEvent;
}

/** One request: its tenant and its events. */
interface RecordRequest {
  tenantId: string;
  items: EventToRecord[];
}

/** Transactions in flight at once, each on one pool connection (see NotificationIntake for the measurement). */
const TRANSACTIONS_IN_FLIGHT = 4;
/** Requests per transaction: 16 concurrent clients fit in one; a batch request counts as one. */
const REQUESTS_PER_TRANSACTION = 64;

/**
 * The step both ways of accepting events share (one event, a batch): each event is stored and its
 * `tracking.event.recorded` message queued in one transaction (outbox), so an accepted event is
 * never lost and never half-written. Concurrent requests share that transaction
 * (`CombinedTransactions`: one shipments lookup, one INSERT of events, one of messages, one
 * COMMIT) and each is answered once it committed. All events of a request commit together or none
 * does: an unknown shipment (404) leaves the request out before anything is written; an event id
 * reused with different content (409), found only after the insert, rolls the shared transaction
 * back and every request runs again alone, so only the request at fault fails. An exact repeat
 * is a duplicate: answered, not stored again.
 */
@Injectable()
export class TrackingEventRecordingService {
  private readonly combined: CombinedTransactions<RecordRequest, Candidate[]>;

  constructor(
    transactions: SqlTransactions,
    private readonly shipments: ShipmentRepository,
    private readonly events: TrackingEventRepository,
    private readonly publisher: Publisher,
    private readonly metrics: TrackingMetrics,
  ) {
    this.combined = new CombinedTransactions(transactions, (client, requests) => this.write(client, requests), {
      maxInFlight: TRANSACTIONS_IN_FLIGHT,
      maxItems: REQUESTS_PER_TRANSACTION,
    });
  }

  /** Accepts `items` for `tenantId`, all or none; answers in request order. */
  async record(tenantId: string, items: EventToRecord[]): Promise<AcceptedEvent[]> {
    const candidates = await this.combined.submit({ tenantId, items });
    const duplicates = candidates.filter((candidate) => !candidate.isNew).length;
    this.metrics.eventsAccepted.inc({ outcome: 'new' }, candidates.length - duplicates);
    this.metrics.eventsAccepted.inc({ outcome: 'duplicate' }, duplicates);
    return candidates.map(({ item, isNew }) => ({ trackingNumber: item.trackingNumber, eventId: item.event.eventId, duplicate: !isNew }));
  }

  /** One shared transaction's writes for `requests`; each request's outcome in order. */
  private async write(client: SqlClient, requests: RecordRequest[]): Promise<ItemOutcome<Candidate[]>[]> {
    // 1. Every shipment must be its tenant's: a request naming an unknown one is answered 404 and writes nothing.
    const refs = await this.shipments.findRefs(
      client,
      requests.flatMap(({ tenantId, items }) => items.map((item) => ({ tenantId, trackingNumber: item.trackingNumber }))),
    );
    const outcomes: ItemOutcome<Candidate[]>[] = requests.map(({ tenantId, items }) => {
      const unknown = items.filter((item) => !refs.has(shipmentKey(tenantId, item.trackingNumber)));
      return unknown.length === 0
        ? { result: [] }
        : {
            error: new ShipmentNotFoundError(
              unknown.map((item) => ShipmentNotFoundError.of(item.trackingNumber, item.path && `${item.path}.trackingNumber`).message),
            ),
          };
    });
    const writing = requests.flatMap((request, index) => ('result' in outcomes[index] ? [{ request, index }] : []));
    if (writing.length === 0) {
      return outcomes;
    }
    // 2. One INSERT … ON CONFLICT DO NOTHING for every event: it says which keys were new.
    const shipments = writing.map(({ request }) =>
      request.items.map((item) => refs.get(shipmentKey(request.tenantId, item.trackingNumber)) as ShipmentRef),
    );
    const events = writing.map(({ request }, position) =>
      request.items.map((item, index) => toNewEvent(shipments[position][index], item.event)),
    );
    const inserted = await this.events.insertMany(client, events.flat());
    const classified = classify(
      writing.map(({ request }) => request.items),
      shipments,
      events,
      inserted,
    );
    // 3. Every other item repeats a stored event or an earlier item: it must say the same (409 otherwise).
    const problems = await this.checkRepeats(client, classified);
    const faulty = problems.findIndex((list) => list.length > 0);
    if (faulty >= 0) {
      if (requests.length > 1) {
        // Its new events are written already: undo everything and let each request run alone.
        throw new IsolateItemsError('an event id was reused with different content');
      }
      throw new EventConflictError(problems[faulty]);
    }
    // 4. One message per new event, in one write, in this transaction.
    const messages = writing.flatMap(({ request }, position) =>
      classified[position].filter((candidate) => candidate.isNew).map((candidate) => recordedMessage(request.tenantId, candidate)),
    );
    if (messages.length > 0) {
      await this.publisher.publishManyTransactional(messages, client);
    }
    writing.forEach(({ index }, position) => (outcomes[index] = { result: classified[position] }));
    return outcomes;
  }

  /**
   * A repeat must say what its original says: the item that stored it in this transaction, or the
   * event stored before. Returns each request's problems (a different event under a used id).
   */
  private async checkRepeats(client: SqlClient, candidates: Candidate[][]): Promise<string[][]> {
    const repeats = candidates.flat().filter((candidate) => !candidate.isNew);
    if (repeats.length === 0) {
      return candidates.map(() => []);
    }
    const stored = await this.events.findMany(
      client,
      repeats.filter((candidate) => candidate.repeatOf === undefined).map((candidate) => candidate.event),
    );
    return candidates.map((request) =>
      request
        .filter((candidate) => !candidate.isNew)
        .flatMap(({ item, event, repeatOf }) => {
          const original = repeatOf ?? stored.get(eventKey(event.shipmentId, event.eventId));
          if (original && sameEvent(original, event)) {
            return [];
          }
          const where = item.path ? `${item.path}.eventId` : 'eventId';
          return [`${where}: event ${event.eventId} of shipment ${item.trackingNumber} was already recorded with different content`];
        }),
    );
  }
}

/**
 * Pairs each item of each request with what the insert made of it. The insert skips a key already
 * stored and every later item (of this request or a later one in the transaction) with a key seen
 * earlier, so only the first item of a key can be new, and a later item with that key repeats it.
 */
function classify(
  requests: EventToRecord[][],
  shipments: ShipmentRef[][],
  events: NewTrackingEvent[][],
  inserted: Set<string>,
): Candidate[][] {
  const storedByThisTransaction = new Map<string, NewTrackingEvent>();
  const seen = new Set<string>();
  return requests.map((items, position) =>
    items.map((item, index) => {
      const event = events[position][index];
      const key = eventKey(event.shipmentId, event.eventId);
      const isNew = !seen.has(key) && inserted.has(key);
      seen.add(key);
      if (isNew) {
        storedByThisTransaction.set(key, event);
      }
      const repeatOf = isNew ? undefined : storedByThisTransaction.get(key);
      return { item, shipment: shipments[position][index], event, isNew, ...(repeatOf ? { repeatOf } : {}) };
    }),
  );
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
