import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { InvalidConfigError } from '../config/invalid-config.error';
import type { ServiceConfig } from '../config/service-env';
import { createAppLogger } from '../logging/app-logger';

/** What `main.ts` of a service hands to {@link runService}. */
export interface ServiceDefinition<TConfig extends ServiceConfig> {
  /** `notifications`, `tracking`: the logs' `service` and the "<name> service listening" line. */
  name: string;
  loadConfig(env: Record<string, string | undefined>): TConfig;
  module(config: TConfig, logger: Logger): DynamicModule;
  configureApp(app: NestExpressApplication, config: TConfig): void;
  /** Fields of the "listening" line beyond host and port (never secrets). */
  describe(config: TConfig): Record<string, unknown>;
}

/** EX_CONFIG (sysexits.h): tells a configuration error apart from a crash. */
const EXIT_CONFIG = 78;

/**
 * Starts a service: validates the environment first (every problem on stderr, exit 78, before
 * anything connects), then creates the Nest app with the service's logger, listens, and logs
 * where. A failure to start is logged as fatal and exits 1.
 */
export async function runService<TConfig extends ServiceConfig>(definition: ServiceDefinition<TConfig>): Promise<void> {
  let config: TConfig;
  try {
    config = definition.loadConfig(process.env);
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(
        `${JSON.stringify({ level: 'fatal', service: definition.name, msg: 'invalid configuration', problems: error.problems })}\n`,
      );
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  const logger = createAppLogger(definition.name, config.logLevel);
  try {
    const app = await NestFactory.create<NestExpressApplication>(definition.module(config, logger), {
      bufferLogs: true,
      bodyParser: false,
    });
    definition.configureApp(app, config);
    await app.listen(config.port, config.host);
    const { port } = app.getHttpServer().address() as AddressInfo;
    logger.info(
      { host: config.host, port, transports: config.transports, ...definition.describe(config) },
      `${definition.name} service listening`,
    );
    if (config.usingDevelopmentApiKeys) {
      logger.warn('API_KEYS is unset: the development key of tenant "demo" is accepted (see README); never run like this in production');
    }
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} service failed to start`);
    process.exit(1);
  }
}
