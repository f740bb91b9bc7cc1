import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the fake SMTP server accepted. */
export interface ReceivedMail {
  to: string[];
  notificationId: string | undefined;
  raw: string;
}

/**
 * A real local SMTP server (the `smtp-server` package) that keeps what it receives. Recipients
 * added to `reject` get `550 mailbox unavailable` (permanent), those in `defer` `451 try later`.
 */
export class FakeSmtpServer {
  readonly mails: ReceivedMail[] = [];
  readonly reject = new Set<string>();
  readonly defer = new Set<string>();
  url = '';
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (this.reject.has(address.address)) {
        return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      }
      if (this.defer.has(address.address)) {
        this.defer.delete(address.address);
        return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      }
      return callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.mails.push({
          to: session.envelope.rcptTo.map((address) => address.address),
          notificationId: /^X-Notification-Id: (.+)$/im.exec(raw)?.[1].trim(),
          raw,
        });
        callback();
      });
    },
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  mailsFor(notificationId: string): ReceivedMail[] {
    return this.mails.filter((mail) => mail.notificationId === notificationId);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
