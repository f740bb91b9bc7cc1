import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake answers to one request: a status (with an optional Retry-After), or never (`hang`). */
export type PlannedAnswer = { status: number; retryAfter?: string } | 'hang';

/** One request as the fake received it. */
export interface ReceivedRequest {
  path: string;
  notificationId: string | undefined;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  recipient: string | undefined;
  body: Record<string, unknown>;
  status: number | 'hang';
}

/**
 * A stand-in for the SMS / WhatsApp / push providers: a real local HTTP server. Answers 200 with a
 * provider id by default; `script(recipient, ...answers)` plans the next answers for a recipient
 * (500, 429 with Retry-After, 400, or `hang` for a timeout). Like a provider that supports
 * idempotency keys, a 2xx for a key it already sent does not send again: `sends` counts real sends
 * per notification, `requests` every request received.
 */
export class FakeHttpProvider {
  readonly requests: ReceivedRequest[] = [];
  /**
   * Real sends (first 2xx per idempotency key), by notification id: what the recipient sees. A
   * resend with the same key does not show here; to prove the service called once, count `requests`.
   */
  readonly sends = new Map<string, number>();
  /** Delay before answering (a slow provider); the send counts when the request arrives. */
  delayMs = 0;
  private readonly plans = new Map<string, PlannedAnswer[]>();
  private readonly sentKeys = new Map<string, string>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  /** Base URL, e.g. `http://127.0.0.1:40123`; channels post to `/sms`, `/whatsapp`, `/push`. */
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  script(recipient: string, ...answers: PlannedAnswer[]): void {
    this.plans.set(recipient, [...(this.plans.get(recipient) ?? []), ...answers]);
  }

  requestsFor(notificationId: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.notificationId === notificationId);
  }

  async stop(): Promise<void> {
    this.sockets.forEach((socket) => socket.destroy());
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const recipient = (body['to'] ?? body['token']) as string | undefined;
    const answer = this.plans.get(recipient ?? '')?.shift() ?? { status: 200 };
    const idempotencyKey = header(request, 'idempotency-key');
    const received: ReceivedRequest = {
      path: request.url ?? '',
      notificationId: body['notificationId'] as string | undefined,
      idempotencyKey,
      authorization: header(request, 'authorization'),
      recipient,
      body,
      status: answer === 'hang' ? 'hang' : answer.status,
    };
    this.requests.push(received);
    if (answer === 'hang') {
      return;
    }
    let providerId: string = randomUUID();
    if (answer.status < 300 && received.notificationId) {
      const earlier = idempotencyKey ? this.sentKeys.get(idempotencyKey) : undefined;
      if (earlier) {
        providerId = earlier;
      } else {
        this.sends.set(received.notificationId, (this.sends.get(received.notificationId) ?? 0) + 1);
        if (idempotencyKey) {
          this.sentKeys.set(idempotencyKey, providerId);
        }
      }
    }
    if (this.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    }
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      ...(answer.retryAfter ? { 'retry-after': answer.retryAfter } : {}),
    });
    response.end(JSON.stringify(answer.status < 300 ? { id: providerId } : { error: `planned ${answer.status}` }));
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
