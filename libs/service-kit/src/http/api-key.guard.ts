import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '../config/api-keys';
import type { AuthenticatedRequest } from './authenticated-request';

/** Injection token of the service's API keys (`readonly ApiKey[]`), which {@link ApiKeyGuard} checks. */
export const API_KEYS = 'tenaz:api-keys';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/**
 * `Authorization: Bearer <api key>` → the tenant bound to the key, set on the request. Keys are
 * compared as SHA-256 digests in constant time, against every configured key, so timing tells
 * neither a key's prefix nor which key matched. Keys are never logged.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly digests: { tenantId: string; digest: Buffer }[];

  constructor(@Inject(API_KEYS) keys: readonly ApiKey[]) {
    this.digests = keys.map(({ tenantId, key }) => ({ tenantId, digest: sha256(key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      throw new UnauthorizedException('an API key is required: Authorization: Bearer <api key>');
    }
    const presented = sha256(match[1]);
    let tenantId: string | undefined;
    for (const candidate of this.digests) {
      if (timingSafeEqual(candidate.digest, presented)) {
        tenantId = candidate.tenantId;
      }
    }
    if (tenantId === undefined) {
      throw new UnauthorizedException('unknown API key');
    }
    request.tenantId = tenantId;
    return true;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
