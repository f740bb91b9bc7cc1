/**
 * @tenaz/service-kit: what every Tenaz NestJS service does the same way: API-key authentication
 * bound to a tenant, JSON logs with secrets redacted and personal data masked, typed
 * configuration errors, and the operators' admin API and dashboard (`AdminModule`).
 */
export { parseApiKeys } from './config/api-keys';
export type { ApiKey } from './config/api-keys';
export { InvalidConfigError } from './config/invalid-config.error';
export { API_KEYS, ApiKeyGuard } from './http/api-key.guard';
export type { AuthenticatedRequest } from './http/authenticated-request';
export { isDatabaseUnavailable } from './http/database-unavailable';
export { TenantId } from './http/tenant-id.decorator';
export { APP_LOGGER, createAppLogger } from './logging/app-logger';
export { LoggingModule } from './logging/logging.module';
export { maskEmail, maskPersonalData, maskPersonalDataDeep, maskPhone, maskRecipient } from './logging/personal-data';
export * from './admin';
