import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { KeyRing } from '../../http/key-ring';
import { ADMIN_MODULE_OPTIONS } from '../admin.constants';
import type { AdminModuleOptions } from '../admin-module-options';
import type { AdminRequest } from './admin-request';

/**
 * `Authorization: Bearer <admin key>` → the admin's name on the request. No key or an unknown one:
 * 401; a tenant's API key: 403 (it is valid, just not for this). Keys are compared as a
 * {@link KeyRing} compares them, and never logged.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly admins: KeyRing;
  private readonly tenants: KeyRing;

  constructor(@Inject(ADMIN_MODULE_OPTIONS) options: AdminModuleOptions) {
    this.admins = new KeyRing(options.adminKeys.map(({ name, key }) => ({ owner: name, key })));
    this.tenants = new KeyRing(options.tenantKeys.map(({ tenantId, key }) => ({ owner: tenantId, key })));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    if (this.admins.size === 0) {
      throw new UnauthorizedException('the admin API is disabled: set ADMIN_API_KEYS');
    }
    const admin = this.admins.match(request.headers.authorization);
    if ('owner' in admin) {
      request.adminName = admin.owner;
      return true;
    }
    if (admin.problem === 'missing') {
      throw new UnauthorizedException('an admin key is required: Authorization: Bearer <admin key>');
    }
    if ('owner' in this.tenants.match(request.headers.authorization)) {
      throw new ForbiddenException('a tenant API key cannot use the admin API; use an admin key (ADMIN_API_KEYS)');
    }
    throw new UnauthorizedException('unknown admin key');
  }
}
