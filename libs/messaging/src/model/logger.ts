import pino from 'pino';

/** The logging surface the library uses; a pino or nestjs-pino logger fits it as is. */
export interface MessagingLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/**
 * The default logger: JSON lines on stdout at `TENAZ_LOG_LEVEL` (default `info`). The library logs
 * lifecycle events and failures only, never payloads, so personal data stays out of logs.
 */
export function createDefaultLogger(): MessagingLogger {
  return pino({ name: 'tenaz', level: process.env['TENAZ_LOG_LEVEL'] ?? 'info' });
}
