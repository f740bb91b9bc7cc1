/**
 * Masks personal data (emails, phone numbers, push tokens) so it never reaches a log line. Masks
 * keep a hint for operators (first letter and top-level domain of an email, country prefix and
 * last two digits of a phone) without identifying anyone.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+([A-Za-z]{2,})/g;
/** `+` and 7-15 digits, optionally grouped by spaces or dashes: E.164 and how people write it. */
const PLUS_PHONE = /\+\d(?:[\s-]?\d){6,14}/g;
/**
 * Numbers written in groups: an optional `+` country code, an area code in parentheses or a first
 * group, then groups of 2-4 digits, separated by one space, dot or dash: `(55) 1234-5678`,
 * `55.1234.5678`, `+52 (55) 1234 5678`. Only 10-15 digits in all count as a phone (see
 * {@link isGroupedPhone}); the guards keep dates (`2025-11-28`), times (`09:10`), decimals and ids
 * (`evt-1234-5678`) out.
 */
const GROUPED_PHONE = /(?<![\w.+:-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?|\d{1,4}[\s.-])(?:\d{2,4}[\s.-]){0,3}\d{2,4}(?![\w:-]|\.\d)/g;
/** A dotted IPv4 address has the shape of a grouped number; it is not a phone. */
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/**
 * 10-15 bare digits standing alone: national phone numbers. The guards keep UUID groups and ids
 * like `abc-1234567890` intact; durations and counts rarely reach 10 digits.
 */
const BARE_PHONE = /(?<![\w-])\d{10,15}(?![\w-])/g;

/** `j***@***.com` */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const tld = email.slice(email.lastIndexOf('.') + 1);
  return `${at > 0 ? email[0] : ''}***@***.${tld}`;
}

/** `+52********78`: the first two digits (country prefix) and the last two survive. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) {
    return '***';
  }
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}`;
}

/** A recipient as a log may show it: emails and phones masked, push tokens cut to 4 characters. */
export function maskRecipient(channel: string, recipient: string): string {
  if (channel === 'email') {
    return maskEmail(recipient);
  }
  if (channel === 'push') {
    return `${recipient.slice(0, 4)}***`;
  }
  return maskPhone(recipient);
}

/** Whether a grouped number is a phone: 10-15 digits (national and international numbers), not an IPv4 address. */
function isGroupedPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  return digits >= 10 && digits <= 15 && !IPV4.test(candidate);
}

/** Masks every email and phone number found in free text. */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, (match) => maskEmail(match))
    .replace(GROUPED_PHONE, (match) => (isGroupedPhone(match) ? maskPhone(match) : match))
    .replace(PLUS_PHONE, (match) => maskPhone(match))
    .replace(BARE_PHONE, (match) => maskPhone(match));
}

/**
 * Masks strings anywhere in a log object: plain objects and arrays are copied, errors become
 * `{ type, message, stack }` with both masked. Other class instances (a request, a
 * response) are left to pino's serializers, which pick safe fields. Depth-limited: log objects are
 * small and cycles are not followed.
 */
export function maskPersonalDataDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return maskPersonalData(value);
  }
  if (depth > 6 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => maskPersonalDataDeep(item, depth + 1));
  }
  if (value instanceof Error) {
    return { type: value.name, message: maskPersonalData(value.message), stack: value.stack && maskPersonalData(value.stack) };
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) {
    return value;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskPersonalDataDeep(item, depth + 1)]));
}
