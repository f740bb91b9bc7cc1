import { runService } from '@tenaz/service-kit';
import { AppModule } from './app.module';
import { loadConfig } from './config/tracking.config';
import { configureApp } from './configure-app';

/** Starts the track & trace service: `node dist/apps/tracking/main.js` (configuration: README). */
void runService({
  name: 'tracking',
  loadConfig,
  module: (config, logger) => AppModule.forRoot(config, logger),
  configureApp,
  describe: (config) => ({ concurrency: config.projection.concurrency }),
});
