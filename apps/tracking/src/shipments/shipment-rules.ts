import type { Channel } from '@tenaz/contracts';

/**
 * Tracking numbers: 1-64 letters, digits, "-" or "_", starting with a letter or digit. Carriers'
 * formats (UPS 1Z…, 12-22 digit postal numbers, S10 `EE123456789MX`) all fit, and the number is
 * safe in a URL path without encoding.
 */
export const TRACKING_NUMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const TRACKING_NUMBER_RULE = 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit';

/** Event ids: 1-100 visible characters of an id (carriers use UUIDs, sequence numbers, composite keys). */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const EVENT_ID_RULE = 'must be 1-100 letters, digits, "_", ".", ":" or "-", starting with a letter or digit';

/**
 * A carrier's clock may run ahead of ours; 5 minutes covers unsynchronised scanners without
 * letting a mistyped day or time zone (hours ahead) into the timeline.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Older than this is a default or epoch value, not a scan: 2000-01-01T00:00:00Z. */
export const EARLIEST_OCCURRED_AT = Date.UTC(2000, 0, 1);

/** The recipient contact a channel delivers to. */
export const CONTACT_FOR_CHANNEL: Readonly<Record<Channel, 'email' | 'phone' | 'pushToken'>> = {
  email: 'email',
  sms: 'phone',
  whatsapp: 'phone',
  push: 'pushToken',
};
