import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { Logger } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { APP_LOGGER } from '../logging/app-logger';
import { maskPersonalData } from '../logging/personal-data';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import type { AuthenticatedRequest } from './authenticated-request';
import { errorBody } from './error-body';
import { closeLingering } from './lingering-close';
import { RateLimits } from './rate-limits';

/** Paths open without an API key: probes, the scrape endpoint, the API docs and the dashboard's page and files. */
const PUBLIC_PATHS = /^\/(health|metrics|docs)(\/|-json|$|\?)|^\/admin(\/assets\/|\/?$|\/?\?)/;
/** The admin API takes admin keys (a tenant's key goes on, to be refused 403 by `AdminKeyGuard`). */
const ADMIN_API = /^\/admin\/api(\/|$|\?)/;

/**
 * The gate in front of the body parser: a request without a valid API key is answered 401 from
 * its headers alone, its body never parsed nor buffered, and the connection closed rather than
 * kept for another request (`Connection: close`, with a bounded lingering close so the client reads
 * the answer instead of a reset), so a client cannot make the service buffer and parse megabytes it
 * will refuse. Those refusals spend their client address's budget (`RateLimits`); an address out of it
 * gets 429 with `Retry-After`. The tenant's own budget is spent later, by `TenantRateLimitGuard`,
 * once the body says how many messages the request carries.
 */
@Injectable()
export class RequestGateMiddleware implements NestMiddleware {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly limits: RateLimits,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async use(request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    if (PUBLIC_PATHS.test(request.url ?? '')) {
      next();
      return;
    }
    try {
      const address = request.socket.remoteAddress ?? 'unknown';
      const exhausted = await this.limits.unauthenticatedExhausted(address);
      const authentication = ADMIN_API.test(request.url ?? '')
        ? this.authenticator.authenticateAdmin(request.headers.authorization)
        : this.authenticator.authenticate(request.headers.authorization);
      if ('adminName' in authentication) {
        next();
        return;
      }
      if ('tenantId' in authentication) {
        (request as AuthenticatedRequest).tenantId = authentication.tenantId;
        next();
        return;
      }
      const spent = exhausted.allowed ? await this.limits.spendUnauthenticated(address) : exhausted;
      const status = spent.allowed ? 401 : 429;
      // The request log (pino-http) runs after this gate; a refusal gets its line here, without headers.
      this.logger.warn(
        { req: { method: request.method, url: maskPersonalData(request.url ?? '') }, res: { statusCode: status } },
        'request refused',
      );
      if (!spent.allowed) {
        refuse(response, 429, ['too many requests without a valid API key from this address; retry later'], {
          'retry-after': String(spent.retryAfterSeconds),
        });
        return;
      }
      refuse(response, 401, [authentication.problem], { 'www-authenticate': 'Bearer' });
    } catch (error) {
      next(error);
    }
  }
}

function refuse(response: ServerResponse, status: number, message: string[], headers: Record<string, string>): void {
  const body = JSON.stringify(errorBody(status, message));
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  if (response.socket) closeLingering(response.socket);
  response.end(body);
}
