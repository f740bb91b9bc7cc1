import type { OutgoingNotification } from './channel.interface';
import { HttpProviderChannel } from './http-provider.channel';

/** SMS through an HTTP provider: `{ notificationId, to, body | templateId + data, countryCode }`. */
export class SmsChannel extends HttpProviderChannel {
  protected requestBody(notification: OutgoingNotification): Record<string, unknown> {
    return {
      notificationId: notification.id,
      to: notification.recipient,
      body: notification.body,
      templateId: notification.templateId,
      data: notification.data,
      countryCode: notification.countryCode,
    };
  }
}
