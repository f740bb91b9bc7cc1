import type { OutgoingMessage } from '../../model/message';
import { decodeMessage, envelopeOf, publishOptions } from './amqp-message';
import { UndecodableMessageError } from './undecodable-message.error';

const message: OutgoingMessage = {
  id: '0b7e3c52-4d5a-4f0e-9a39-5a3a8b9d2f10',
  queue: 'notifications',
  type: 'whatsapp',
  payload: { to: 'x' },
  payloadJson: '{"to":"x"}',
  priority: 2,
  headers: { source: 'api' },
  correlationId: 'corr-1',
  tenantId: 'acme',
  countryCode: 'MX',
  delayMs: 500,
  maxRetries: 5,
  retryDelayMs: 250,
  createdAt: new Date('2025-01-01T00:00:00.000Z'),
};

/** What amqplib hands a consumer: the properties as published, headers as decoded from the wire. */
function received(options: ReturnType<typeof publishOptions>, extraHeaders: Record<string, unknown> = {}) {
  return { content: Buffer.from(message.payloadJson), properties: { ...options, headers: { ...options.headers, ...extraHeaders } } };
}

describe('AMQP message codec', () => {
  it('publishes persistent, mandatory messages whose AMQP message-id is the Tenaz id', () => {
    const options = publishOptions(envelopeOf(message));
    expect(options).toMatchObject({
      messageId: message.id,
      correlationId: 'corr-1',
      type: 'whatsapp',
      priority: 2,
      persistent: true,
      mandatory: true,
    });
    expect(options.headers).toEqual({
      source: 'api',
      'x-tenaz-tenant-id': 'acme',
      'x-tenaz-country-code': 'MX',
      // version, created, first due (created + 500 ms), attempts so far, maxRetries, retryDelayMs
      'x-tenaz': `1,${message.createdAt.getTime()},${message.createdAt.getTime() + 500},0,5,250`,
    });
  });

  it('round-trips every field, counting attempts from the carried count and the broker deliveries', () => {
    const envelope = { ...envelopeOf(message), attemptsBefore: 2, lastError: 'Error: boom' };
    const decoded = decodeMessage(received(publishOptions(envelope), { 'x-delivery-count': 1, 'x-death': [] }), 0, 3);
    expect(decoded.payload).toEqual({ to: 'x' });
    expect(decoded.deliveryCount).toBe(1);
    expect(decoded.envelope).toEqual({ ...envelope, dueAt: new Date('2025-01-01T00:00:00.500Z') });
  });

  it('keeps the dead-letter reason, attempts and time', () => {
    const at = new Date('2025-01-02T00:00:00.000Z');
    const decoded = decodeMessage(
      received(publishOptions({ ...envelopeOf(message), deadLetter: { reason: 'retries exhausted', attempts: 6, at } })),
      0,
      3,
    );
    expect(decoded.envelope.deadLetter).toEqual({ reason: 'retries exhausted', attempts: 6, at });
  });

  it('reads a message without the library state (another publisher) with the queue defaults', () => {
    const decoded = decodeMessage(
      { content: Buffer.from('{}'), properties: { messageId: 'legacy-1', timestamp: 1_700_000_000, headers: { 'x-tenaz': '2,unknown' } } },
      1,
      7,
    );
    expect(decoded.envelope).toMatchObject({
      id: 'legacy-1',
      priority: 1,
      attemptsBefore: 0,
      maxRetries: 7,
      retryDelayMs: null,
      createdAt: new Date(1_700_000_000_000),
    });
  });

  it('refuses messages without an id or with a body that is not JSON', () => {
    expect(() => decodeMessage({ content: Buffer.from('{}'), properties: {} }, 0, 3)).toThrow(UndecodableMessageError);
    expect(() => decodeMessage({ content: Buffer.from('not json'), properties: { messageId: 'm' } }, 0, 3)).toThrow(
      UndecodableMessageError,
    );
  });
});
