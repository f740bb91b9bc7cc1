/**
 * @tenaz/service-kit: what every Tenaz NestJS service does the same way: configuration and its
 * errors, API-key authentication bound to a tenant, the rate limit, JSON logs with secrets
 * redacted and personal data masked, the database module and its migrations, metrics, health
 * probes, the exception filter, request validation, the process's start, and the operators'
 * admin API and dashboard (`AdminModule`).
 */
export { runService } from './bootstrap/run-service';
export type { ServiceDefinition } from './bootstrap/run-service';
export { parseApiKeys } from './config/api-keys';
export type { ApiKey } from './config/api-keys';
export { InvalidConfigError } from './config/invalid-config.error';
export { SERVICE_CONFIG, ServiceConfigModule } from './config/service-config.module';
export { DEVELOPMENT_API_KEYS, intVariable, readServiceEnv, SERVICE_ENV } from './config/service-env';
export type { QueueTransports, ServiceConfig, ServiceEnv } from './config/service-env';
export { CONNECTION_BOUNDS } from './database/connection-bounds';
export type { ConnectionBounds } from './database/connection-bounds';
export { CONNECTIONS_BEYOND_CONSUMERS, leaseProblem, minimumLeaseMs, poolSizeProblem } from './database/pool-sizing';
export { CombinedTransactions, IsolateItemsError } from './database/combined-transactions';
export type { CombinedTransactionsOptions, ItemOutcome } from './database/combined-transactions';
export { queryRows } from './database/query-rows';
export type { SqlRunner } from './database/query-rows';
export { SqlTransactions } from './database/sql-transactions';
export type { SqlClient } from './database/sql-transactions';
export { ServiceDatabaseModule } from './database/service-database.module';
export type { ServiceDatabaseOptions } from './database/service-database.module';
export { loadSqlStatements } from './database/sql-statements';
export { describeDatabaseFailure } from './health/database-failure';
export { HealthController } from './health/health.controller';
export { HealthModule } from './health/health.module';
export { PoolStallDetector } from './health/pool-stall.detector';
export type { HealthOptions } from './health/health-options';
export { ADMIN_KEYS, API_KEYS, ApiKeyAuthenticator } from './http/api-key-authenticator';
export type { Authentication } from './http/api-key-authenticator';
export { ApiKeyGuard } from './http/api-key.guard';
export { AppExceptionFilter } from './http/app-exception.filter';
export type { AuthenticatedRequest } from './http/authenticated-request';
export { configureServiceApp } from './http/configure-service-app';
export type { ServiceAppOptions } from './http/configure-service-app';
export { isDatabaseBusy, isDatabaseUnavailable } from './http/database-unavailable';
export { errorBody } from './http/error-body';
export type { ErrorBody } from './http/error-body';
export { SERVICE_ERROR_MAPPER } from './http/service-errors';
export type { ServiceErrorAnswer, ServiceErrorMapper } from './http/service-errors';
export { TenantId } from './http/tenant-id.decorator';
export { batchCost, RateLimitCost } from './http/rate-limit-cost.decorator';
export type { CostOfRequest } from './http/rate-limit-cost.decorator';
export { RateLimits } from './http/rate-limits';
export type { Spend } from './http/rate-limits';
export { RequestGateMiddleware } from './http/request-gate.middleware';
export { TenantRateLimitGuard } from './http/tenant-rate-limit.guard';
export { createValidationPipe, describeValidationErrors } from './http/validation-pipe';
export type { ValidationPipeOptions } from './http/validation-pipe';
export { APP_LOGGER, createAppLogger } from './logging/app-logger';
export { LoggingModule } from './logging/logging.module';
export { maskEmail, maskPersonalData, maskPersonalDataDeep, maskPhone, maskRecipient } from './logging/personal-data';
export * from './admin';
export { MESSAGING_SCHEMA, serviceMessagingOptions } from './messaging/service-messaging-options';
export type { ConsumedQueue } from './messaging/service-messaging-options';
export { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
export { ServiceMetrics } from './metrics/service-metrics';
export { ServiceMetricsModule } from './metrics/service-metrics.module';
export { ServiceCoreModule } from './service-core.module';
export type { ServiceCoreOptions } from './service-core.module';
