import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { AppModule } from '../../src/app.module';
import { loadConfig, NotificationsConfig } from '../../src/config/notifications.config';
import { configureApp } from '../../src/configure-app';
import { createAppLogger } from '@tenaz/service-kit';

/** Two tenants and their keys, for every e2e test. */
export const TENANTS = {
  acme: { id: 'acme', key: 'acme-key-0123456789abcdef' },
  globex: { id: 'globex', key: 'globex-key-0123456789abcdef' },
} as const;

/** A running service on a random port. */
export interface TestApp {
  app: INestApplication;
  url: string;
  config: NotificationsConfig;
  /** The JSON log lines written, when started with `captureLogs`. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * Starts the service in-process exactly as `main.ts` does (same module, same `configureApp`),
 * listening on 127.0.0.1 and a random port. `env` is the environment it reads. Logs are kept in
 * memory at info level with `captureLogs`, else silent unless TEST_LOG_LEVEL is set.
 */
export async function startTestApp(env: Record<string, string>, options: { captureLogs?: boolean } = {}): Promise<TestApp> {
  const config = loadConfig({
    API_KEYS: `${TENANTS.acme.id}:${TENANTS.acme.key},${TENANTS.globex.id}:${TENANTS.globex.key}`,
    ...env,
  });
  const logs: string[] = [];
  const memory = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line.length > 0),
      );
      callback();
    },
  });
  const logger = options.captureLogs
    ? createAppLogger('notifications', 'info', memory)
    : createAppLogger('notifications', process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), { bodyParser: false, logger: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, config, logs, close: () => app.close() };
}
