import type { HttpProviderConfig } from '../../config/notifications.config';
import type { ChannelProvider, OutgoingNotification, SendResult } from './channel.interface';
import { parseRetryAfter } from './retry-after';

/** Provider error bodies are kept to 300 characters: enough to diagnose, too short to hoard. */
const MAX_ERROR_BODY = 300;

/**
 * An HTTP provider (sms, whatsapp, push): `POST <url>` with a JSON body, `Authorization: Bearer
 * <token>` and `Idempotency-Key: <notification id>` so a provider that deduplicates sends once even
 * when we must send again (see the report on the crash window). 2xx is sent (`id` or `messageId` in
 * the answer is the provider's reference); 429 waits for Retry-After; other 4xx are permanent;
 * 5xx, timeouts and connection failures are transient. Redirects are not followed: a provider
 * URL that redirects is a configuration error.
 */
export abstract class HttpProviderChannel implements ChannelProvider {
  readonly name = 'http';

  constructor(
    private readonly provider: HttpProviderConfig,
    private readonly timeoutMs: number,
  ) {}

  /** The channel's request body. */
  protected abstract requestBody(notification: OutgoingNotification): Record<string, unknown>;

  async send(notification: OutgoingNotification, signal: AbortSignal): Promise<SendResult> {
    let response: Response;
    try {
      response = await fetch(this.provider.url, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': notification.id,
          ...(this.provider.token ? { authorization: `Bearer ${this.provider.token}` } : {}),
        },
        body: JSON.stringify(this.requestBody(notification)),
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
      });
    } catch (error) {
      return { kind: 'retry', error: describeFailure(error, this.timeoutMs) };
    }
    const text = await readBody(response, signal);
    if (response.status >= 200 && response.status < 300) {
      return { kind: 'sent', providerMessageId: providerMessageId(text, response.headers) };
    }
    const error = `provider answered ${response.status}${text ? `: ${text.slice(0, MAX_ERROR_BODY)}` : ''}`;
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return retryAfterMs === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs };
    }
    if (response.status >= 500) {
      return { kind: 'retry', error };
    }
    return { kind: 'reject', error };
  }
}

async function readBody(response: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) {
    return '';
  }
  try {
    return await response.text();
  } catch {
    return '';
  }
}

function providerMessageId(text: string, headers: Headers): string | null {
  try {
    const parsed = JSON.parse(text) as { id?: unknown; messageId?: unknown };
    const id = parsed.id ?? parsed.messageId;
    if (typeof id === 'string' || typeof id === 'number') {
      return String(id).slice(0, 200);
    }
  } catch {
    // Not JSON: some providers answer with the id in a header only.
  }
  return headers.get('x-message-id')?.slice(0, 200) ?? null;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError') {
    return `provider did not answer within ${timeoutMs} ms`;
  }
  if (failure.name === 'AbortError') {
    return 'send aborted: the service is stopping';
  }
  const cause = failure.cause?.code ?? failure.cause?.message;
  return `provider unreachable: ${failure.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}
