import { HttpStatus } from '@nestjs/common';
import type { ServiceErrorAnswer, ServiceErrorMapper } from '@tenaz/service-kit';
import { NotificationsError, NotificationsErrorCode } from './notifications.error';

/** The service's own errors by code; exhaustive, so a new code must choose its status. */
function statusOf(code: NotificationsErrorCode): number {
  switch (code) {
    case 'INVALID_IDEMPOTENCY_KEY':
    case 'BATCH_TOO_LARGE':
      return HttpStatus.BAD_REQUEST;
    case 'NOTIFICATION_NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'IDEMPOTENCY_KEY_REUSED':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'PROVIDER_UNAVAILABLE':
      return HttpStatus.SERVICE_UNAVAILABLE;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** How `AppExceptionFilter` answers a {@link NotificationsError}: its status by code, its message. */
export const NOTIFICATIONS_ERROR_MAPPER: ServiceErrorMapper = {
  answer(exception: unknown): ServiceErrorAnswer | undefined {
    return exception instanceof NotificationsError ? { status: statusOf(exception.code), problems: [exception.message] } : undefined;
  },
};
