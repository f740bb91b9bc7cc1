/** Injection token of the {@link AdminModuleOptions}. */
export const ADMIN_MODULE_OPTIONS = 'tenaz:admin-module-options';

/** Where the REST API lives; the dashboard is served at `/admin`. */
export const ADMIN_API_PREFIX = 'admin/api';
