import type { MessagingLogger } from '../../src/model/logger';

/** A logger that keeps what was logged, so tests stay quiet yet can assert on warnings. */
export function quietLogger(): MessagingLogger & { lines: { level: string; message?: string; object: object }[] } {
  const lines: { level: string; message?: string; object: object }[] = [];
  const log = (level: string) => (object: object, message?: string) => void lines.push({ level, message, object });
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
