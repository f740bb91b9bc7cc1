import pino, { Logger } from 'pino';
import { maskPersonalData, maskPersonalDataDeep } from './personal-data';

/** Injection token of the service's root pino logger (shared by Nest, pino-http and the messaging library). */
export const APP_LOGGER = 'tenaz:app-logger';

/**
 * Header and field paths that carry secrets: removed from every line. API keys travel in
 * `authorization`; provider and push tokens are never put in log objects, the paths are a net.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  '*.apiKey',
  '*.token',
  '*.pushToken',
  '*.password',
];

/**
 * JSON lines on stdout. Secrets are redacted by path; emails and phone numbers are masked wherever
 * they appear, in the message and in every string of the logged object.
 */
export function createAppLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { log: (object) => maskPersonalDataDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskPersonalData(arg) : arg)) as Parameters<typeof method>;
          return method.apply(this, masked);
        },
      },
    },
    // Synchronous writes: a line logged just before exit (shutdown, a fatal start error) is never lost
    // in a buffer. One request line costs a few microseconds (measured in the notifications bench).
    destination ?? pino.destination({ sync: true }),
  );
}
