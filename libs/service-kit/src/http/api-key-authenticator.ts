import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AdminKey } from '../admin/admin-config';
import type { ApiKey } from '../config/api-keys';
import { KeyRing } from './key-ring';

/** Injection token of the service's API keys (`readonly ApiKey[]`), which {@link ApiKeyAuthenticator} checks. */
export const API_KEYS = 'tenaz:api-keys';
/** Injection token of the service's admin keys (`readonly AdminKey[]`); absent: no admin key is accepted. */
export const ADMIN_KEYS = 'tenaz:admin-keys';

/** Who a request's `Authorization` header says it is: a tenant, or why not. */
export type Authentication = { tenantId: string } | { problem: string };

/** Who may go on to the admin API: an admin, or a tenant (whom the admin API answers 403), or why not. */
export type AdminAuthentication = { adminName: string } | { tenantId: string } | { problem: string };

/** `Authorization: Bearer <api key>` → the tenant bound to the key (or, for the admin API, the admin). */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly tenants: KeyRing;
  private readonly admins: KeyRing;

  constructor(@Inject(API_KEYS) keys: readonly ApiKey[], @Optional() @Inject(ADMIN_KEYS) adminKeys?: readonly AdminKey[]) {
    this.tenants = new KeyRing(keys.map(({ tenantId, key }) => ({ owner: tenantId, key })));
    this.admins = new KeyRing((adminKeys ?? []).map(({ name, key }) => ({ owner: name, key })));
  }

  authenticate(authorization: string | undefined): Authentication {
    const match = this.tenants.match(authorization);
    if ('owner' in match) {
      return { tenantId: match.owner };
    }
    return { problem: match.problem === 'missing' ? 'an API key is required: Authorization: Bearer <api key>' : 'unknown API key' };
  }

  /** For `/admin/api`: an admin key, or a tenant's key (let through, to be refused 403 there, not 401). */
  authenticateAdmin(authorization: string | undefined): AdminAuthentication {
    const admin = this.admins.match(authorization);
    if ('owner' in admin) {
      return { adminName: admin.owner };
    }
    const tenant = this.tenants.match(authorization);
    if ('owner' in tenant) {
      return { tenantId: tenant.owner };
    }
    if (this.admins.size === 0) {
      return { problem: 'the admin API is disabled: set ADMIN_API_KEYS' };
    }
    return { problem: admin.problem === 'missing' ? 'an admin key is required: Authorization: Bearer <admin key>' : 'unknown admin key' };
  }
}
