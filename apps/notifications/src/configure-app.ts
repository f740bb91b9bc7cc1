import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureServiceApp } from '@tenaz/service-kit';
import type { NotificationsConfig } from './config/notifications.config';

/** The HTTP server as `main.ts` and the e2e tests serve it (see `configureServiceApp`). Create the app with `bodyParser: false`. */
export function configureApp(app: NestExpressApplication, config: NotificationsConfig): void {
  configureServiceApp(app, {
    bodyLimit: config.bodyLimit,
    title: 'Tenaz notifications',
    description: 'Send email, SMS, push and WhatsApp notifications; delivery is queued, retried and tracked.',
  });
}
