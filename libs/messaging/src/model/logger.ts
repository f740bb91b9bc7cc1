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
  // Loaded only when no logger is given: a service passes its own (nestjs-pino), and pino's
  // modules are a few MB of every process's resident memory.
  const pino = (require('pino') as typeof import('pino')).default;
  return pino({ name: 'tenaz', level: process.env['TENAZ_LOG_LEVEL'] ?? 'info' });
}
