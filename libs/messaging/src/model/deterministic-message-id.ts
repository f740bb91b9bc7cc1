import { createHash } from 'node:crypto';

/** The namespace of Tenaz message ids (a fixed random UUID, so ids never collide with other v5 users). */
const TENAZ_NAMESPACE = Buffer.from('6f1b0f4e3b5a4c6a9a1e2d7c8b9f0a11', 'hex');

/**
 * A UUID (version 5, RFC 9562) derived from a natural key such as `tracking-event:ACME:evt-42`.
 * Publishing with it as `messageId` makes a publish idempotent: the same key is stored once.
 */
export function deterministicMessageId(key: string): string {
  const hash = createHash('sha1').update(TENAZ_NAMESPACE).update(key, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
