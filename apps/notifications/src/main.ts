import { runService } from '@tenaz/service-kit';
import { AppModule } from './app.module';
import { loadConfig } from './config/notifications.config';
import { configureApp } from './configure-app';

/** Starts the notifications service: `node dist/apps/notifications/main.js` (configuration: README). */
void runService({
  name: 'notifications',
  loadConfig,
  module: (config, logger) => AppModule.forRoot(config, logger),
  configureApp,
  describe: (config) => ({ devSinkChannels: config.devSinkChannels, delivery: config.delivery }),
});
