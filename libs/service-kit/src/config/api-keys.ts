/** One API key and the tenant it is bound to. */
export interface ApiKey {
  tenantId: string;
  key: string;
}

const TENANT_PATTERN = /^[A-Za-z0-9_.-]{1,50}$/;
/** 16 characters: short keys are guessable; the development default is the one exception. */
const MIN_KEY_LENGTH = 16;

/** How {@link parseApiKeys} names what it parses in its problems. */
export interface ApiKeysLabels {
  /** The environment variable (default `API_KEYS`). */
  variable?: string;
  /** What the name before the ":" is (default `tenant`; `admin` for `ADMIN_API_KEYS`). */
  owner?: string;
}

/**
 * Parses `API_KEYS` ("tenantA:keyA,tenantB:keyB"), or another variable of the same form. Problems
 * name the entry by position and owner, never the key itself, so a bad configuration does not
 * print a secret.
 */
export function parseApiKeys(raw: string, options: { allowShortKeys: boolean } & ApiKeysLabels): { keys: ApiKey[]; problems: string[] } {
  const { variable = 'API_KEYS', owner = 'tenant' } = options;
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .forEach((entry, index) => {
      const separator = entry.indexOf(':');
      const tenantId = separator === -1 ? entry : entry.slice(0, separator);
      const key = separator === -1 ? '' : entry.slice(separator + 1);
      const where = `${variable} entry ${index + 1}`;
      if (!TENANT_PATTERN.test(tenantId)) {
        problems.push(`${where}: the ${owner} must be 1-50 letters, digits, "_", "." or "-" before a ":"`);
        return;
      }
      if (key.length === 0 || (!options.allowShortKeys && key.length < MIN_KEY_LENGTH)) {
        problems.push(`${where} (${owner} ${tenantId}): the key must have at least ${MIN_KEY_LENGTH} characters`);
        return;
      }
      if (seen.has(key)) {
        problems.push(`${where} (${owner} ${tenantId}): the key is already bound to another entry`);
        return;
      }
      seen.add(key);
      keys.push({ tenantId, key });
    });
  if (keys.length === 0 && problems.length === 0) {
    problems.push(`${variable}: at least one "${owner}:key" pair is required`);
  }
  return { keys, problems };
}
