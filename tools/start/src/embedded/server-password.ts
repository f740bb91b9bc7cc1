import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The password of the embedded server's `postgres` role: read from `passwordFile`, or made (24
 * random bytes) and written there with mode 0600 when `create` is set (a new cluster). A cluster
 * without its password file cannot be used: it would refuse every connection.
 */
export function serverPassword(passwordFile: string, create: boolean): string | undefined {
  if (existsSync(passwordFile)) {
    return readFileSync(passwordFile, 'utf8').trim();
  }
  if (!create) {
    return undefined;
  }
  const password = randomBytes(24).toString('base64url');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}
