import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { TrackingConfig } from './config/tracking.config';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';

/**
 * What the HTTP server needs beyond the module graph, shared by `main.ts` and the e2e tests so
 * they serve exactly the same app: request metrics first (so bodies rejected by the parser are
 * counted), the JSON body parser with its size limit (413 beyond), OpenAPI at `/docs`, and
 * shutdown hooks (SIGTERM drains the projection before closing). Create the app with `bodyParser: false`.
 */
export function configureApp(app: NestExpressApplication, config: TrackingConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  const metrics = app.get(HttpMetricsMiddleware);
  app.use(metrics.use.bind(metrics));
  app.useBodyParser('json', { limit: config.bodyLimit });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tenaz track & trace')
      .setDescription('Register shipments, post carrier events, read timelines; subscribed milestones become notifications.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key bound to a tenant (API_KEYS).' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  app.enableShutdownHooks();
}
