import { createHash } from 'node:crypto';
import { InvalidIdempotencyKeyError } from '../errors';

/** An answer as the idempotency store keeps it. */
export interface StoredResponse<TBody = unknown> {
  statusCode: number;
  body: TBody;
}

/** A request's idempotency key and the fingerprint of what it asked for. */
export interface Idempotency {
  key: string;
  requestHash: string;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** Reads the `Idempotency-Key` header; undefined when absent, a typed error when malformed. */
export function idempotencyFrom(header: string | undefined, route: string, body: unknown): Idempotency | undefined {
  if (header === undefined) {
    return undefined;
  }
  if (!KEY_PATTERN.test(header)) {
    throw new InvalidIdempotencyKeyError();
  }
  return {
    key: header,
    requestHash: createHash('sha256')
      .update(`${route}\n${canonicalJson(body)}`)
      .digest('hex'),
  };
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` fingerprint alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
