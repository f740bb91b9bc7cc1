import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { loadConfig, TrackingConfig } from './config/tracking.config';
import { configureApp } from './configure-app';
import { InvalidConfigError, createAppLogger } from '@tenaz/service-kit';

/** Starts the track & trace service: `node dist/apps/tracking/main.js` (configuration: README). */
async function main(): Promise<void> {
  let config: TrackingConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(`${JSON.stringify({ level: 'fatal', service: 'tracking', msg: 'invalid configuration', problems: error.problems })}\n`);
      process.exit(78); // EX_CONFIG (sysexits.h): tells a configuration error apart from a crash.
    }
    throw error;
  }
  const logger = createAppLogger('tracking', config.logLevel);
  try {
    const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), { bufferLogs: true, bodyParser: false });
    configureApp(app, config);
    await app.listen(config.port, config.host);
    const { port } = app.getHttpServer().address() as AddressInfo;
    logger.info({ host: config.host, port, transports: config.transports, concurrency: config.projection.concurrency }, 'tracking service listening');
    if (config.usingDevelopmentApiKeys) {
      logger.warn('API_KEYS is unset: the development key of tenant "demo" is accepted (see README); never run like this in production');
    }
  } catch (error) {
    logger.fatal({ err: error }, 'tracking service failed to start');
    process.exit(1);
  }
}

void main();
