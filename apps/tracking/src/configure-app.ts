import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureServiceApp } from '@tenaz/service-kit';
import type { TrackingConfig } from './config/tracking.config';

/** The HTTP server as `main.ts` and the e2e tests serve it (see `configureServiceApp`). Create the app with `bodyParser: false`. */
export function configureApp(app: NestExpressApplication, config: TrackingConfig): void {
  configureServiceApp(app, {
    bodyLimit: config.bodyLimit,
    title: 'Tenaz track & trace',
    description: 'Register shipments, post carrier events, read timelines; subscribed milestones become notifications.',
  });
}
