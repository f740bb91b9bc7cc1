import type { MessagingLogger } from '@tenaz/messaging';

/**
 * The library logs JSON lines at info level by default; a benchmark prints its own table, so only
 * warnings and errors come through, one short line each on stderr.
 */
export const quietLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn(object: object, message?: string) {
    process.stderr.write(`  [tenaz warn] ${message ?? ''} ${JSON.stringify(object)}\n`);
  },
  error(object: object, message?: string) {
    process.stderr.write(`  [tenaz error] ${message ?? ''} ${JSON.stringify(object)}\n`);
  },
};
