import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the fake provider received it. */
export interface ProviderRequest {
  /** `/sms`, `/whatsapp` or `/push`: the channel the notifications service posted for. */
  path: string;
  idempotencyKey: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A stand-in for the SMS / WhatsApp / push providers the notifications service calls: a real local
 * HTTP server that accepts every message (200 with a provider id) and keeps what it received.
 */
export class FakeHttpProvider {
  readonly requests: ProviderRequest[] = [];
  /** Base URL, e.g. `http://127.0.0.1:40123`; point SMS_PROVIDER_URL at `${url}/sms` and so on. */
  url = '';
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const key = request.headers['idempotency-key'];
      this.requests.push({
        path: request.url ?? '',
        idempotencyKey: Array.isArray(key) ? key[0] : key,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `fake-${randomUUID()}` }));
    });
  });

  async start(): Promise<this> {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The environment that points the notifications service's HTTP channels here. */
  providerEnv(): Record<string, string> {
    return { SMS_PROVIDER_URL: `${this.url}/sms`, WHATSAPP_PROVIDER_URL: `${this.url}/whatsapp`, PUSH_PROVIDER_URL: `${this.url}/push` };
  }

  /** Requests that carried this notification id. */
  requestsFor(notificationId: string): ProviderRequest[] {
    return this.requests.filter((request) => request.body['notificationId'] === notificationId);
  }

  async stop(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
