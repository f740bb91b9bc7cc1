import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { HttpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { RequestGateMiddleware } from './request-gate.middleware';

/** What differs between the services' HTTP servers. */
export interface ServiceAppOptions {
  /** The largest JSON body (`BODY_LIMIT`): 413 beyond. */
  bodyLimit: string;
  /** The OpenAPI document's title and description. */
  title: string;
  description: string;
}

/**
 * What the HTTP server needs beyond the module graph, shared by `main.ts` and the e2e tests so
 * they serve exactly the same app: request metrics first (so every answer is counted), the gate
 * that refuses requests without a valid API key before their body is read, the JSON body parser with its size limit (413 beyond), OpenAPI at `/docs`, and
 * shutdown hooks (SIGTERM drains the consumers before closing). Create the app with `bodyParser: false`.
 */
export function configureServiceApp(app: NestExpressApplication, options: ServiceAppOptions): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  const metrics = app.get(HttpMetricsMiddleware);
  app.use(metrics.use.bind(metrics));
  const gate = app.get(RequestGateMiddleware);
  app.use(gate.use.bind(gate));
  app.useBodyParser('json', { limit: options.bodyLimit });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key bound to a tenant (API_KEYS).' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  app.enableShutdownHooks();
}
