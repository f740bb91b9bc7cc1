/**
 * How much a message's own headers may hold, on every transport alike, so that a message stored
 * on PostgreSQL today can move to RabbitMQ (or come out of the outbox) tomorrow. AMQP carries
 * headers as a field table of `shortstr` names (at most 255 bytes) and amqplib encodes the whole
 * table in a 64 KiB buffer; a message over either limit makes amqplib throw, so it could never be
 * sent. The library adds its own headers beside the caller's (`x-tenaz` state, tenant, country,
 * and on retries and dead letters an error and a reason of up to 4,000 characters each, up to
 * about 24 KiB in UTF-8), so callers get half the buffer.
 */
export const HEADER_LIMITS = {
  /** An AMQP `shortstr`: one length byte. */
  maxNameBytes: 255,
  /** The caller's headers as AMQP encodes them (see {@link encodedHeaderBytes}); 32 KiB of the 64 KiB buffer. */
  maxEncodedBytes: 32 * 1024,
} as const;

/**
 * The bytes a header table takes in AMQP's encoding: per entry a length byte, the name, a type
 * byte, a 4-byte length and the value (long strings).
 */
export function encodedHeaderBytes(headers: Readonly<Record<string, unknown>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    bytes += 1 + Buffer.byteLength(name) + 1 + 4 + Buffer.byteLength(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
  }
  return bytes;
}

/** What breaks {@link HEADER_LIMITS} in these headers, one sentence each (names the limit, never a value). */
export function headerLimitProblems(headers: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(headers)) {
    const bytes = Buffer.byteLength(name);
    if (bytes > HEADER_LIMITS.maxNameBytes) {
      problems.push(`headers: a header name of ${bytes} bytes is over the limit of ${HEADER_LIMITS.maxNameBytes} bytes`);
    }
  }
  const total = encodedHeaderBytes(headers);
  if (total > HEADER_LIMITS.maxEncodedBytes) {
    problems.push(`headers: ${total} bytes encoded, over the limit of ${HEADER_LIMITS.maxEncodedBytes} bytes`);
  }
  return problems;
}
