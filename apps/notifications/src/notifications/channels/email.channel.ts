import { createTransport, Transporter } from 'nodemailer';
import type { ChannelProvider, OutgoingNotification, SendResult } from './channel.interface';

/** nodemailer's codes for a message it cannot build or address: sending again cannot help. */
const MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE']);

/** Email over SMTP (nodemailer), with pooled connections reused across deliveries. */
export class EmailChannel implements ChannelProvider {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  /**
   * `url`: `smtp://user:pass@host:port` or `smtps://…`. Every phase is bounded by `timeoutMs`:
   * connecting, the greeting and each socket read, so a stuck server becomes a retry.
   */
  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transporter = createTransport({
      url,
      pool: true,
      maxConnections: 5,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // Opportunistic STARTTLS against local or self-signed development servers.
      tls: { rejectUnauthorized: !url.includes('127.0.0.1') && !url.includes('localhost') },
    } as Parameters<typeof createTransport>[0]);
  }

  /**
   * SMTP's own classes apply (RFC 5321): 5xx is permanent (no such mailbox, rejected), 4xx is
   * transient (mailbox busy, try later), as are connection failures. The Message-ID carries the
   * notification id so receivers that deduplicate by Message-ID show a resend once.
   */
  async send(notification: OutgoingNotification, signal: AbortSignal): Promise<SendResult> {
    if (signal.aborted) {
      return { kind: 'retry', error: 'send aborted: the service is stopping' };
    }
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: notification.recipient,
        subject: notification.subject ?? 'Notification',
        text: notification.body ?? '',
        messageId: `<${notification.id}@notifications.tenaz>`,
        headers: { 'X-Notification-Id': notification.id },
      });
      return { kind: 'sent', providerMessageId: String(info.messageId ?? '').slice(0, 200) || null };
    } catch (error) {
      const failure = error as { responseCode?: number; code?: string; response?: string; message?: string };
      const description = `smtp: ${failure.response ?? failure.message ?? String(error)}`.slice(0, 300);
      if (typeof failure.responseCode === 'number') {
        // The server's reply decides, whichever command it came on (a rejected RCPT is EENVELOPE).
        return failure.responseCode >= 500 ? { kind: 'reject', error: description } : { kind: 'retry', error: description };
      }
      if (MESSAGE_ERRORS.has(failure.code ?? '')) {
        return { kind: 'reject', error: description };
      }
      // Timeouts, refused or dropped connections (ECONNECTION, ETIMEDOUT, ESOCKET, EDNS).
      return { kind: 'retry', error: description };
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
