/**
 * Recipient formats by channel, shared so a service that asks for a notification can check what
 * the notifications service will accept (a mismatch would be dead-lettered there).
 */

/** E.164: `+`, a country code that does not start with 0, 8 to 15 digits in all (sms, whatsapp). */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

/** FCM registration tokens and APNs device tokens: 32-320 URL-safe characters (push). */
export const PUSH_TOKEN_PATTERN = /^[A-Za-z0-9:_\-.]{32,320}$/;
