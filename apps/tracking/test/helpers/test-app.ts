import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../../src/app.module';
import { loadConfig, TrackingConfig } from '../../src/config/tracking.config';
import { configureApp } from '../../src/configure-app';
import { createAppLogger } from '@tenaz/service-kit';

/** Two tenants and their keys, for every e2e test (the notifications service gets the same). */
export const TENANTS = {
  acme: { id: 'acme', key: 'acme-key-0123456789abcdef' },
  globex: { id: 'globex', key: 'globex-key-0123456789abcdef' },
} as const;

/** `API_KEYS` for both tenants. */
export const API_KEYS = `${TENANTS.acme.id}:${TENANTS.acme.key},${TENANTS.globex.id}:${TENANTS.globex.key}`;

/** A running service on a random port. */
export interface TestApp {
  app: INestApplication;
  url: string;
  config: TrackingConfig;
  close(): Promise<void>;
}

/**
 * Starts the service in-process exactly as `main.ts` does (same module, same `configureApp`),
 * listening on 127.0.0.1 and a random port. `env` is the environment it reads; logs are silent
 * unless TEST_LOG_LEVEL is set.
 */
export async function startTestApp(env: Record<string, string>): Promise<TestApp> {
  const config = loadConfig({ API_KEYS, ...env });
  const logger = createAppLogger('tracking', process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), { bodyParser: false, logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, config, close: () => app.close() };
}
