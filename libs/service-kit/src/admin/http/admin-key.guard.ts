import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ADMIN_MODULE_OPTIONS } from '../admin.constants';
import type { AdminModuleOptions } from '../admin-module-options';
import type { AdminRequest } from './admin-request';

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/**
 * `Authorization: Bearer <admin key>` → the admin's name on the request. No key or an unknown one:
 * 401; a tenant's API key: 403 (it is valid, just not for this). Keys are compared as SHA-256
 * digests in constant time against every key, like `ApiKeyGuard`, and never logged.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly admins: { name: string; digest: Buffer }[];
  private readonly tenants: Buffer[];

  constructor(@Inject(ADMIN_MODULE_OPTIONS) options: AdminModuleOptions) {
    this.admins = options.adminKeys.map(({ name, key }) => ({ name, digest: sha256(key) }));
    this.tenants = options.tenantKeys.map(({ key }) => sha256(key));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (this.admins.length === 0) {
      throw new UnauthorizedException('the admin API is disabled: set ADMIN_API_KEYS');
    }
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      throw new UnauthorizedException('an admin key is required: Authorization: Bearer <admin key>');
    }
    const presented = sha256(match[1]);
    let name: string | undefined;
    for (const admin of this.admins) {
      if (timingSafeEqual(admin.digest, presented)) {
        name = admin.name;
      }
    }
    let tenant = false;
    for (const digest of this.tenants) {
      tenant = timingSafeEqual(digest, presented) || tenant;
    }
    if (name === undefined) {
      throw tenant ? new ForbiddenException('a tenant API key cannot use the admin API; use an admin key (ADMIN_API_KEYS)') : new UnauthorizedException('unknown admin key');
    }
    request.adminName = name;
    return true;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
