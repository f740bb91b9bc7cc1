export * from './notifications.error';
export * from './idempotency-key-reused.error';
export * from './invalid-idempotency-key.error';
export * from './batch-too-large.error';
export * from './notification-not-found.error';
export * from './provider-unavailable.error';
export * from './notifications-error.mapper';
