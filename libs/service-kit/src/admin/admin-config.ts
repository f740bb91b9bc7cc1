import { ApiKey, parseApiKeys } from '../config/api-keys';

/** One admin key and the name it is logged under (who did what). */
export interface AdminKey {
  name: string;
  key: string;
}

/** What the admin API and dashboard need from a service's configuration. */
export interface AdminConfig {
  /** Empty: the admin API refuses every request (production without `ADMIN_API_KEYS`). */
  keys: readonly AdminKey[];
  /** True when `ADMIN_API_KEYS` was unset outside production and the development key is in use. */
  usingDevelopmentKey: boolean;
}

/** Accepted when `ADMIN_API_KEYS` is unset outside production, so `npm start` opens the dashboard. */
export const DEVELOPMENT_ADMIN_API_KEYS = 'admin:demo-admin-key';

/**
 * Reads `ADMIN_API_KEYS` ("name:key,name2:key2", keys of 16+ characters). Unset: the development
 * key outside production, no admin access at all in production. An admin key that is also a
 * tenant's API key is refused: the two must never be confused. Problems never print a key.
 */
export function loadAdminConfig(
  raw: string | undefined,
  context: { production: boolean; tenantKeys: readonly ApiKey[] },
): { config: AdminConfig; problems: string[] } {
  const value = raw === undefined || raw.trim() === '' ? undefined : raw;
  if (value === undefined && context.production) {
    return { config: { keys: [], usingDevelopmentKey: false }, problems: [] };
  }
  const parsed = parseApiKeys(value ?? DEVELOPMENT_ADMIN_API_KEYS, {
    allowShortKeys: value === undefined,
    variable: 'ADMIN_API_KEYS',
    owner: 'admin',
  });
  const tenantKeys = new Set(context.tenantKeys.map((tenant) => tenant.key));
  const problems = [...parsed.problems];
  parsed.keys.forEach((admin) => {
    if (tenantKeys.has(admin.key)) {
      problems.push(`ADMIN_API_KEYS (admin ${admin.tenantId}): the key is also a tenant's API key; admin keys must be distinct`);
    }
  });
  return {
    config: { keys: parsed.keys.map((admin) => ({ name: admin.tenantId, key: admin.key })), usingDevelopmentKey: value === undefined },
    problems,
  };
}
