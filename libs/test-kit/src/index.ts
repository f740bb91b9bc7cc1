/**
 * @tenaz/test-kit: what the test suites of the library and the services share: waiting for a
 * condition, and a database or RabbitMQ vhost of a test file's own, created and dropped by it.
 */
export { pause, waitFor } from './wait-for';
export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { createProxiedTestDatabase } from './proxied-test-database';
export type { ProxiedTestDatabase } from './proxied-test-database';
export { TcpProxy } from './tcp-proxy';
export { tapPublishedMessages } from './published-messages';
export type { PublishedMessages } from './published-messages';
export { createTestVhost, rabbitmqctl } from './test-vhost';
export type { TestVhost } from './test-vhost';
export { missingBuild, spawnBuiltService, stopBuiltService } from './built-service';
export type { BuiltService, BuiltServiceDefinition } from './built-service';
export { CHROMIUM_PATH, launchChromium, missingChromium } from './chromium';
export { textBecomes } from './text-becomes';
export { startThrowawayCluster } from './throwaway-cluster';
export type { ThrowawayCluster } from './throwaway-cluster';
export { startRabbitMqCluster } from './rabbitmq-cluster';
export type { RabbitMqCluster, RabbitMqClusterNode } from './rabbitmq-cluster';
