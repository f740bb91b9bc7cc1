import type { OutgoingNotification } from './channel.interface';
import { HttpProviderChannel } from './http-provider.channel';

/**
 * WhatsApp through an HTTP provider. Business-initiated WhatsApp messages must use an approved
 * template, so a template id travels as `template: { id, data }`; free text as `body`.
 */
export class WhatsappChannel extends HttpProviderChannel {
  protected requestBody(notification: OutgoingNotification): Record<string, unknown> {
    return {
      notificationId: notification.id,
      to: notification.recipient,
      body: notification.body,
      template: notification.templateId ? { id: notification.templateId, data: notification.data ?? {} } : null,
    };
  }
}
