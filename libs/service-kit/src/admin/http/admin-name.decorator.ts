import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AdminRequest } from './admin-request';

/** The name of the admin key the request carried (see `AdminKeyGuard`), for the audit log. */
export const AdminName = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<AdminRequest>().adminName;
});
