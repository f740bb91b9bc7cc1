export { AdminModule } from './admin.module';
export type { AdminModuleOptions } from './admin-module-options';
export { DEVELOPMENT_ADMIN_API_KEYS, loadAdminConfig } from './admin-config';
export type { AdminConfig, AdminKey } from './admin-config';
export { ADMIN_API_PREFIX } from './admin.constants';
