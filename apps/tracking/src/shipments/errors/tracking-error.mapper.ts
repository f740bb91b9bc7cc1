import { HttpStatus } from '@nestjs/common';
import type { ServiceErrorAnswer, ServiceErrorMapper } from '@tenaz/service-kit';
import { TrackingError, TrackingErrorCode } from './tracking.error';

/** The service's own errors by code; exhaustive, so a new code must choose its status. */
function statusOf(code: TrackingErrorCode): number {
  switch (code) {
    case 'BATCH_TOO_LARGE':
      return HttpStatus.BAD_REQUEST;
    case 'SHIPMENT_NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'SHIPMENT_ALREADY_EXISTS':
    case 'EVENT_CONFLICT':
      return HttpStatus.CONFLICT;
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** How `AppExceptionFilter` answers a {@link TrackingError}: its status by code, one line per problem. */
export const TRACKING_ERROR_MAPPER: ServiceErrorMapper = {
  answer(exception: unknown): ServiceErrorAnswer | undefined {
    return exception instanceof TrackingError ? { status: statusOf(exception.code), problems: exception.problems } : undefined;
  },
};
