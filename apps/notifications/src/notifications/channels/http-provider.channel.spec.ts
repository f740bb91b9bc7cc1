import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutgoingNotification } from './channel.interface';
import { HttpProviderChannel } from './http-provider.channel';
import { SmsChannel } from './sms.channel';

const NOTIFICATION: OutgoingNotification = {
  id: '7d0c1a52-33b1-4c8e-9f3e-446655440000',
  tenantId: 'acme',
  channel: 'sms',
  recipient: '+5215512345678',
  subject: null,
  body: 'Tu paquete llega hoy',
  templateId: null,
  data: null,
  correlationId: null,
  countryCode: 'MX',
};

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

describe(HttpProviderChannel.name, () => {
  let server: Server;
  let url: string;
  let answer: Answer;
  let seen: { headers: IncomingMessage['headers']; body: string }[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ headers: request.headers, body });
        answer(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });

  beforeEach(() => {
    seen = [];
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (timeoutMs = 2_000) =>
    new SmsChannel({ url, token: 'provider-token' }, timeoutMs).send(NOTIFICATION, new AbortController().signal);
  const reply =
    (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
    (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };

  it('posts the message with the bearer token and the notification id as idempotency key', async () => {
    answer = reply(201, { id: 'SM123' });
    await expect(send()).resolves.toEqual({ kind: 'sent', providerMessageId: 'SM123' });
    expect(seen[0].headers).toMatchObject({ authorization: 'Bearer provider-token', 'idempotency-key': NOTIFICATION.id });
    expect(JSON.parse(seen[0].body)).toMatchObject({
      notificationId: NOTIFICATION.id,
      to: '+5215512345678',
      body: 'Tu paquete llega hoy',
      countryCode: 'MX',
    });
  });

  it('retries on 5xx', async () => {
    answer = reply(503, { error: 'maintenance' });
    await expect(send()).resolves.toEqual({ kind: 'retry', error: 'provider answered 503: {"error":"maintenance"}' });
  });

  it('honours Retry-After on 429, and falls back to the policy without it', async () => {
    answer = reply(429, {}, { 'retry-after': '3' });
    await expect(send()).resolves.toMatchObject({ kind: 'retry', retryAfterMs: 3_000 });
    answer = reply(429, {});
    const result = await send();
    expect(result).toMatchObject({ kind: 'retry' });
    expect(result).not.toHaveProperty('retryAfterMs');
  });

  it('rejects for good on other 4xx', async () => {
    answer = reply(400, { error: 'invalid number' });
    await expect(send()).resolves.toEqual({ kind: 'reject', error: 'provider answered 400: {"error":"invalid number"}' });
  });

  it('retries when the provider does not answer in time', async () => {
    answer = () => undefined;
    await expect(send(200)).resolves.toEqual({ kind: 'retry', error: 'provider did not answer within 200 ms' });
  });

  it('retries when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await new SmsChannel({ url: `http://127.0.0.1:${port}/sms`, token: undefined }, 1_000).send(
      NOTIFICATION,
      new AbortController().signal,
    );
    expect(result).toMatchObject({ kind: 'retry', error: expect.stringContaining('ECONNREFUSED') });
  });
});
