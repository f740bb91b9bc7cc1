import type { ApiKey } from '../config/api-keys';
import type { AdminKey } from './admin-config';

/** What `AdminModule.forRoot` takes. */
export interface AdminModuleOptions {
  /** Keys that open the admin API and the dashboard. */
  adminKeys: readonly AdminKey[];
  /** The service's tenant keys: presented here they get a 403 (known, but not an admin), not a 401. */
  tenantKeys: readonly ApiKey[];
}
