import { randomUUID } from 'node:crypto';
import {
  InvalidPayloadError,
  InvalidPriorityError,
  InvalidPublishOptionsError,
  InvalidQueueNameError,
  PayloadTooLargeError,
  UnknownQueueError,
} from '../model/errors';
import { MessageHeaders, OutgoingMessage, Priority, PublishInput, PublishOptions } from '../model/message';
import { QUEUE_NAME_PATTERN, ResolvedQueue } from '../model/messaging-options';
import { headerLimitProblems } from '../model/header-limits';
import { unstorableJson, unstorableText } from './storable-text';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNTRY_CODE_PATTERN = /^[A-Z]{2,3}$/;
/** A year: longer delays are almost always a unit mistake (seconds passed as milliseconds). */
const MAX_DELAY_MS = 365 * 24 * 60 * 60 * 1_000;
/** PostgreSQL's `int` column holds the per-message retry delay. */
const MAX_RETRY_DELAY_MS = 2_147_483_647;

const KNOWN_OPTIONS = new Set<keyof PublishOptions>([
  'priority',
  'maxRetries',
  'retryDelayMs',
  'correlationId',
  'tenantId',
  'countryCode',
  'delayMs',
  'messageId',
  'headers',
  'requireAcknowledgment',
  'persistToDisk',
]);

/**
 * Validates one publish and turns it into the message a transport stores. Every check runs before
 * anything is written, so bad input throws a typed error and leaves nothing half-published.
 */
export function buildOutgoingMessage(
  input: PublishInput,
  options: PublishOptions | undefined,
  queues: ReadonlyMap<string, ResolvedQueue>,
  now: Date = new Date(),
): OutgoingMessage {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidPublishOptionsError(['the message must be an object with queue, type and payload']);
  }
  const queue = resolveQueue(input.queue, queues);
  const opts = options ?? {};
  const problems: string[] = [];

  for (const key of Object.keys(opts)) {
    if (!KNOWN_OPTIONS.has(key as keyof PublishOptions)) {
      problems.push(`unknown option "${key}"`);
    }
  }
  if (typeof input.type !== 'string' || input.type.length === 0 || input.type.length > 100) {
    problems.push('type: a string of 1-100 characters');
  } else {
    checkStorable(problems, 'type', input.type);
  }
  const priority = opts.priority ?? 0;
  if (priority !== 0 && priority !== 1 && priority !== 2) {
    throw new InvalidPriorityError(opts.priority);
  }
  const maxRetries = opts.maxRetries ?? queue.retry.maxRetries;
  checkInteger(problems, 'maxRetries', maxRetries, 0, 1_000);
  const delayMs = opts.delayMs ?? 0;
  checkInteger(problems, 'delayMs', delayMs, 0, MAX_DELAY_MS);
  if (opts.retryDelayMs !== undefined) {
    checkInteger(problems, 'retryDelayMs', opts.retryDelayMs, 0, MAX_RETRY_DELAY_MS);
  }
  checkString(problems, 'correlationId', opts.correlationId, 100);
  checkString(problems, 'tenantId', opts.tenantId, 50);
  if (opts.countryCode !== undefined && (typeof opts.countryCode !== 'string' || !COUNTRY_CODE_PATTERN.test(opts.countryCode))) {
    problems.push('countryCode: an ISO 3166 alpha-2 or alpha-3 code in upper case');
  }
  if (opts.messageId !== undefined && (typeof opts.messageId !== 'string' || !UUID_PATTERN.test(opts.messageId))) {
    problems.push('messageId: a UUID (derive one from a natural key with deterministicMessageId)');
  }
  if (opts.requireAcknowledgment === false) {
    problems.push('requireAcknowledgment: Tenaz always waits for the store or broker to acknowledge; only true is accepted');
  }
  if (opts.persistToDisk === false) {
    problems.push('persistToDisk: Tenaz messages are always persistent; only true is accepted');
  }
  const headers = checkHeaders(problems, opts.headers);
  if (problems.length > 0) {
    throw new InvalidPublishOptionsError(problems);
  }

  const payloadJson = serialisePayload(input.payload);
  const sizeBytes = Buffer.byteLength(payloadJson) + Buffer.byteLength(JSON.stringify(headers));
  if (sizeBytes > queue.maxPayloadBytes) {
    throw new PayloadTooLargeError(sizeBytes, queue.maxPayloadBytes);
  }

  return {
    id: opts.messageId?.toLowerCase() ?? randomUUID(),
    queue: queue.name,
    type: input.type,
    payload: input.payload,
    payloadJson,
    priority: priority as Priority,
    headers,
    correlationId: opts.correlationId ?? null,
    tenantId: opts.tenantId ?? null,
    countryCode: opts.countryCode ?? null,
    delayMs,
    maxRetries,
    retryDelayMs: opts.retryDelayMs ?? null,
    createdAt: now,
    ...(opts.messageId === undefined ? {} : { callerChosenId: true as const }),
  };
}

/** Looks a queue up by name, telling a malformed name apart from an unknown one. */
export function resolveQueue(name: unknown, queues: ReadonlyMap<string, ResolvedQueue>): ResolvedQueue {
  if (typeof name !== 'string' || !QUEUE_NAME_PATTERN.test(name)) {
    throw new InvalidQueueNameError(String(name));
  }
  const queue = queues.get(name);
  if (!queue) {
    throw new UnknownQueueError(name, [...queues.keys()]);
  }
  return queue;
}

function serialisePayload(payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new InvalidPayloadError(`not serialisable as JSON (${(error as Error).message})`, { cause: error });
  }
  if (json === undefined) {
    throw new InvalidPayloadError(`a ${typeof payload} is not JSON`);
  }
  const unstorable = unstorableJson(json);
  if (unstorable) {
    throw new InvalidPayloadError(unstorable);
  }
  return json;
}

function checkInteger(problems: string[], name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}: an integer from ${min} to ${max}`);
  }
}

function checkString(problems: string[], name: string, value: unknown, maxLength: number): void {
  if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > maxLength)) {
    problems.push(`${name}: a string of 1-${maxLength} characters`);
  } else if (typeof value === 'string') {
    checkStorable(problems, name, value);
  }
}

/** Names the field, never its value (it may be personal data). */
function checkStorable(problems: string[], name: string, value: string): void {
  const unstorable = unstorableText(value);
  if (unstorable) {
    problems.push(`${name}: ${unstorable}`);
  }
}

function checkHeaders(problems: string[], headers: unknown): MessageHeaders {
  if (headers === undefined) {
    return {};
  }
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    problems.push('headers: an object of string values');
    return {};
  }
  const result: MessageHeaders = {};
  for (const [key, value] of Object.entries(headers)) {
    if (unstorableText(key)) {
      problems.push(`headers: a header name ${unstorableText(key)}`);
    } else if (typeof value !== 'string') {
      problems.push(`headers.${key}: a string`);
    } else if (unstorableText(value)) {
      problems.push(`headers.${key}: ${unstorableText(value)}`);
    } else if (key.startsWith('x-')) {
      // x- headers are RabbitMQ's and ours (x-death, x-tenaz-*); a caller's would be overwritten.
      problems.push(`headers.${key}: names starting with "x-" are reserved`);
    } else {
      result[key] = value;
    }
  }
  problems.push(...headerLimitProblems(result));
  return result;
}
