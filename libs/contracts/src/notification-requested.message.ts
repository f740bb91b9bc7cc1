import { deterministicMessageId } from '@tenaz/messaging';
import { z } from 'zod';
import { CHANNELS } from './queues';

/**
 * Message type on queue `notifications`: another service (tracking) asks the notifications
 * service to notify someone. The notifications service stores it as a notification exactly as if
 * it had come over REST, then delivers it. Publishers set `messageId` to a deterministic id of the
 * request's natural key, so a repeated request is stored once. The correlation id and the country
 * travel in the message's envelope (`correlationId`, `countryCode`), not in the payload.
 */
export const NOTIFICATION_REQUESTED = 'notification.requested' as const;

export const notificationRequestedSchema = z
  .object({
    tenantId: z.string().min(1).max(50),
    channel: z.enum(CHANNELS),
    /** Email address, E.164 phone number or push token, by channel. */
    recipient: z.string().min(1).max(320),
    subject: z.string().max(200).optional(),
    body: z.string().max(10_000).optional(),
    templateId: z.string().max(100).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    /** Where the request came from, for tracing and display. */
    source: z
      .object({
        service: z.string().max(50),
        trackingNumber: z.string().max(64).optional(),
        eventId: z.string().max(100).optional(),
        milestone: z.string().max(50).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((request) => request.body !== undefined || request.templateId !== undefined, {
    message: 'a body or a templateId is required',
    path: ['body'],
  });

export type NotificationRequested = z.infer<typeof notificationRequestedSchema>;

/**
 * The id the notifications service gives the notification it stores for a `notification.requested`
 * message: derived from the message id, so a redelivered request stores nothing new, and the
 * requesting service can link to `GET /notifications/:id` without asking.
 */
export function requestedNotificationId(messageId: string): string {
  return deterministicMessageId(`notification.requested:${messageId}`);
}
