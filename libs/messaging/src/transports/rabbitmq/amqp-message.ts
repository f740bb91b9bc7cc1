import type { Options } from 'amqplib';
import type { MessageHeaders, OutgoingMessage, Priority } from '../../model/message';
import { UndecodableMessageError } from './undecodable-message.error';

/**
 * How a Tenaz message travels as an AMQP message. The body is the JSON payload, untouched; the
 * AMQP message-id is the Tenaz id (stable across retries, relays and replays); correlation id,
 * type, priority and creation time are AMQP properties; the caller's headers travel as headers
 * beside the library's own, which all start with `x-tenaz-` (callers cannot use `x-` names).
 */
export interface Envelope {
  id: string;
  type: string;
  priority: Priority;
  correlationId: string | null;
  tenantId: string | null;
  countryCode: string | null;
  headers: MessageHeaders;
  createdAt: Date;
  /** When the message first became due; end-to-end latency runs from here. */
  dueAt: Date;
  /** Attempts counted before this copy was published (0 when new or replayed). */
  attemptsBefore: number;
  maxRetries: number;
  retryDelayMs: number | null;
  /** The error of the last failed attempt, carried by retry copies. */
  lastError: string | null;
  /** Set on copies in a dead-letter queue. */
  deadLetter: { reason: string; attempts: number; at: Date } | null;
}

/** What a received AMQP message decodes to. */
export interface DecodedMessage {
  envelope: Envelope;
  payload: unknown;
  /** Times the broker handed this copy out before (quorum queues' `x-delivery-count`). */
  deliveryCount: number;
}

/** The fields of an amqplib message the codec reads. */
export interface AmqpMessageLike {
  content: Buffer;
  properties: {
    messageId?: unknown;
    correlationId?: unknown;
    type?: unknown;
    priority?: unknown;
    timestamp?: unknown;
    headers?: Record<string, unknown>;
  };
}

const HEADER = {
  /**
   * The library's bookkeeping in one header (each header costs its encoding on every publish and
   * its bytes in the queue): `1,<createdAt ms>,<first due ms>,<attempts before>,<maxRetries>,<retryDelayMs or empty>`.
   */
  state: 'x-tenaz',
  tenantId: 'x-tenaz-tenant-id',
  countryCode: 'x-tenaz-country-code',
  lastError: 'x-tenaz-last-error',
  deadReason: 'x-tenaz-dead-letter-reason',
  deadAttempts: 'x-tenaz-dead-letter-attempts',
  deadAt: 'x-tenaz-dead-lettered-at',
} as const;

const STATE_VERSION = '1';

/** Errors are carried in full up to this many characters, as in PostgreSQL (AMQP header tables cap at 64 KiB). */
const MAX_ERROR_LENGTH = 4_000;

/** The envelope of a message as published for the first time. */
export function envelopeOf(message: OutgoingMessage): Envelope {
  return {
    id: message.id,
    type: message.type,
    priority: message.priority,
    correlationId: message.correlationId,
    tenantId: message.tenantId,
    countryCode: message.countryCode,
    headers: message.headers,
    createdAt: message.createdAt,
    dueAt: new Date(message.createdAt.getTime() + message.delayMs),
    attemptsBefore: 0,
    maxRetries: message.maxRetries,
    retryDelayMs: message.retryDelayMs,
    lastError: null,
    deadLetter: null,
  };
}

/** AMQP publish options for an envelope: persistent and mandatory, always. */
export function publishOptions(envelope: Envelope): Options.Publish & { messageId: string; mandatory: true; persistent: true } {
  const headers: Record<string, unknown> = {
    ...envelope.headers,
    [HEADER.state]: `${STATE_VERSION},${envelope.createdAt.getTime()},${envelope.dueAt.getTime()},${envelope.attemptsBefore},${envelope.maxRetries},${envelope.retryDelayMs ?? ''}`,
  };
  setIfPresent(headers, HEADER.tenantId, envelope.tenantId);
  setIfPresent(headers, HEADER.countryCode, envelope.countryCode);
  setIfPresent(headers, HEADER.lastError, envelope.lastError === null ? null : truncate(envelope.lastError));
  if (envelope.deadLetter) {
    headers[HEADER.deadReason] = truncate(envelope.deadLetter.reason);
    headers[HEADER.deadAttempts] = envelope.deadLetter.attempts;
    headers[HEADER.deadAt] = envelope.deadLetter.at.getTime();
  }
  return {
    messageId: envelope.id,
    type: envelope.type,
    priority: envelope.priority,
    timestamp: Math.floor(envelope.createdAt.getTime() / 1_000),
    contentType: 'application/json',
    persistent: true,
    mandatory: true,
    headers,
    ...(envelope.correlationId === null ? {} : { correlationId: envelope.correlationId }),
  };
}

/**
 * Decodes a received message. `fallbackPriority` is the priority of the queue it came from and
 * `fallbackMaxRetries` the queue's policy, for messages published by something other than Tenaz.
 */
export function decodeMessage(message: AmqpMessageLike, fallbackPriority: Priority, fallbackMaxRetries: number): DecodedMessage {
  const properties = message.properties;
  const headers = properties.headers ?? {};
  const id = text(properties.messageId);
  if (!id) {
    throw new UndecodableMessageError('the message has no message-id');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(message.content.toString('utf8'));
  } catch (error) {
    throw new UndecodableMessageError(`the body is not JSON (${(error as Error).message})`);
  }
  const timestamp = integer(properties.timestamp);
  const state = parseState(text(headers[HEADER.state]));
  const createdAt = new Date(state?.createdAt ?? (timestamp === null ? Date.now() : timestamp * 1_000));
  const reason = text(headers[HEADER.deadReason]);
  const priority = integer(properties.priority);
  return {
    envelope: {
      id,
      type: text(properties.type) ?? 'unknown',
      priority: priority === 0 || priority === 1 || priority === 2 ? priority : fallbackPriority,
      correlationId: text(properties.correlationId),
      tenantId: text(headers[HEADER.tenantId]),
      countryCode: text(headers[HEADER.countryCode]),
      headers: userHeaders(headers),
      createdAt,
      dueAt: new Date(state?.dueAt ?? createdAt.getTime()),
      attemptsBefore: state?.attemptsBefore ?? 0,
      maxRetries: state?.maxRetries ?? fallbackMaxRetries,
      retryDelayMs: state?.retryDelayMs ?? null,
      lastError: text(headers[HEADER.lastError]),
      deadLetter:
        reason === null
          ? brokerDeadLetter(headers)
          : { reason, attempts: integer(headers[HEADER.deadAttempts]) ?? 0, at: new Date(integer(headers[HEADER.deadAt]) ?? Date.now()) },
    },
    payload,
    deliveryCount: integer(headers['x-delivery-count']) ?? 0,
  };
}

/** The `x-tenaz` header's fields, or undefined when it is missing or not of a version this code reads. */
function parseState(
  value: string | null,
): { createdAt: number; dueAt: number; attemptsBefore: number; maxRetries: number; retryDelayMs: number | null } | undefined {
  const fields = value?.split(',');
  if (!fields || fields.length !== 6 || fields[0] !== STATE_VERSION) {
    return undefined;
  }
  const [createdAt, dueAt, attemptsBefore, maxRetries] = fields.slice(1, 5).map(Number);
  if (![createdAt, dueAt, attemptsBefore, maxRetries].every(Number.isFinite)) {
    return undefined;
  }
  return { createdAt, dueAt, attemptsBefore, maxRetries, retryDelayMs: fields[5] === '' ? null : Number(fields[5]) };
}

/** A message the broker dead-lettered itself (reject, policy limits) carries only `x-death`. */
function brokerDeadLetter(headers: Record<string, unknown>): Envelope['deadLetter'] {
  const reason = text(headers['x-first-death-reason']);
  if (reason === null) {
    return null;
  }
  const deaths = headers['x-death'];
  const first = Array.isArray(deaths) ? (deaths[0] as Record<string, unknown> | undefined) : undefined;
  // AMQP timestamps are seconds.
  const seconds = integer(first?.['time']);
  return { reason: `dead-lettered by the broker: ${reason}`, attempts: 0, at: new Date(seconds === null ? 0 : seconds * 1_000) };
}

/** The caller's own headers: everything but the broker's and the library's `x-` headers. */
function userHeaders(headers: Record<string, unknown>): MessageHeaders {
  const result: MessageHeaders = {};
  for (const [key, value] of Object.entries(headers)) {
    const string = text(value);
    if (!key.startsWith('x-') && string !== null) {
      result[key] = string;
    }
  }
  return result;
}

function setIfPresent(headers: Record<string, unknown>, key: string, value: string | number | null): void {
  if (value !== null) {
    headers[key] = value;
  }
}

function text(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  return Buffer.isBuffer(value) ? value.toString('utf8') : null;
}

function integer(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Math.trunc(value);
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  return null;
}

function truncate(value: string): string {
  return value.length > MAX_ERROR_LENGTH ? `${value.slice(0, MAX_ERROR_LENGTH)}…` : value;
}
