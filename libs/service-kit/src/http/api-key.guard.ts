import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import type { AuthenticatedRequest } from './authenticated-request';

export { API_KEYS } from './api-key-authenticator';

/**
 * Guards a controller: the request's tenant, set on it. `RequestGateMiddleware` has already
 * authenticated it before its body was read (and answered 401 otherwise); this guard checks again
 * through the same authenticator, so a route is never open because the middleware was not mounted.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const authentication = this.authenticator.authenticate(request.headers.authorization);
    if ('problem' in authentication) {
      throw new UnauthorizedException(authentication.problem);
    }
    request.tenantId = authentication.tenantId;
    return true;
  }
}
