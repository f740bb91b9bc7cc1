import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChannelProvider, OutgoingNotification, SendResult } from './channel.interface';
import { maskRecipient } from '@tenaz/service-kit';

/**
 * The development sink: used for a channel with no provider configured (outside production, or
 * with ALLOW_DEV_SINK=true). Sends nothing; logs one line per delivery with the recipient masked
 * and the content's size only, so a newcomer sees the flow work without a provider.
 */
export class DevSinkChannel implements ChannelProvider {
  readonly name = 'dev-sink';

  constructor(private readonly logger: Logger) {}

  async send(notification: OutgoingNotification): Promise<SendResult> {
    const providerMessageId = `dev-sink-${randomUUID()}`;
    this.logger.info(
      {
        notificationId: notification.id,
        channel: notification.channel,
        to: maskRecipient(notification.channel, notification.recipient),
        bodyChars: notification.body?.length ?? 0,
        templateId: notification.templateId,
        providerMessageId,
      },
      'development sink: notification delivered (no provider configured for this channel)',
    );
    return { kind: 'sent', providerMessageId };
  }
}
