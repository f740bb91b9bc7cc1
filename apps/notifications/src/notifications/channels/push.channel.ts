import type { OutgoingNotification } from './channel.interface';
import { HttpProviderChannel } from './http-provider.channel';

/** Push through an HTTP provider (an FCM/APNs relay): `{ notificationId, token, title, body, templateId, data }`. */
export class PushChannel extends HttpProviderChannel {
  protected requestBody(notification: OutgoingNotification): Record<string, unknown> {
    return {
      notificationId: notification.id,
      token: notification.recipient,
      title: notification.subject,
      body: notification.body,
      templateId: notification.templateId,
      data: notification.data,
    };
  }
}
