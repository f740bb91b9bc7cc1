import { DynamicModule, Global, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { APP_LOGGER } from './app-logger';
import { maskPersonalData } from './personal-data';

/**
 * nestjs-pino over the service's root logger: one JSON line per request (method, route, status,
 * duration; never bodies or headers) and Nest's own logs through the same redaction.
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'].slice(0, 100) : randomUUID()),
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: maskPersonalData(req.url),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            // Probes and scrapes every few seconds would drown the request log.
            autoLogging: {
              ignore: (req) =>
                req.url === '/health/live' || req.url === '/health/ready' || req.url === '/health/sla' || req.url === '/metrics',
            },
            customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          },
        }),
      ],
      providers: [{ provide: APP_LOGGER, useValue: logger }],
      exports: [APP_LOGGER],
    };
  }
}
