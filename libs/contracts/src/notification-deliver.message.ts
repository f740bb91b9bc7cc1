import { z } from 'zod';

/** Message type on queue `notifications`: deliver a stored notification through its channel. */
export const NOTIFICATION_DELIVER = 'notification.deliver' as const;

/** Payload of {@link NOTIFICATION_DELIVER}: ids only; the notification row holds the content. */
export const notificationDeliverSchema = z
  .object({
    notificationId: z.uuid(),
    tenantId: z.string().min(1).max(50),
  })
  .strict();

export type NotificationDeliver = z.infer<typeof notificationDeliverSchema>;
