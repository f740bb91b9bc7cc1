import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { MessagingError } from '@tenaz/messaging';
import type { Logger } from 'pino';
import { NotificationsError, NotificationsErrorCode } from '../notifications/errors';
import { APP_LOGGER, isDatabaseUnavailable } from '@tenaz/service-kit';

/** The error body every endpoint answers with: the status, its name and each problem. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string[];
}

/** Errors raised by Express's body parser before Nest sees the request. */
interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

/**
 * The one place errors become HTTP answers: Nest's HTTP exceptions as they are, the service's
 * typed errors by code, the body parser's (413 too large, 400 malformed JSON), the messaging
 * library's by kind (bad-input 400, unavailable 503, misuse 500), a lost database as a 503, and
 * anything else as a 500 whose details stay in the log.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ headersSent: boolean; status(code: number): { json(body: unknown): void } }>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception }, 'request failed');
    }
    if (!response.headersSent) {
      response.status(body.statusCode).json(body);
    }
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const answer = exception.getResponse();
      const message = typeof answer === 'object' && answer !== null && 'message' in answer ? (answer as { message: unknown }).message : answer;
      return errorBody(status, Array.isArray(message) ? message.map(String) : [String(message)]);
    }
    if (exception instanceof NotificationsError) {
      return errorBody(statusOf(exception.code), [exception.message]);
    }
    if (exception instanceof MessagingError) {
      switch (exception.kind) {
        case 'bad-input':
          return errorBody(HttpStatus.BAD_REQUEST, [exception.message]);
        case 'unavailable':
          return errorBody(HttpStatus.SERVICE_UNAVAILABLE, ['the message store is unavailable; retry later']);
        case 'misuse':
          return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, ['internal error']);
        default: {
          const unreachable: never = exception.kind;
          return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, [`internal error (${String(unreachable)})`]);
        }
      }
    }
    if (isBodyParserError(exception)) {
      if (exception.type === 'entity.too.large') {
        return errorBody(HttpStatus.PAYLOAD_TOO_LARGE, [`body: larger than the limit of ${exception.limit ?? '?'} bytes`]);
      }
      if (exception.type === 'entity.parse.failed') {
        return errorBody(HttpStatus.BAD_REQUEST, ['body: not valid JSON']);
      }
      return errorBody(exception.status, [`body: ${exception.type}`]);
    }
    if (isDatabaseUnavailable(exception)) {
      // A client retries a 503; a 500 reads as "your request is wrong". Nothing was stored either way.
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, ['the database is unavailable; retry later']);
    }
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, ['internal error']);
  }
}

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

function errorBody(statusCode: number, message: string[]): ErrorBody {
  const error = (HttpStatus[statusCode] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
  return { statusCode, error, message };
}

function isBodyParserError(exception: unknown): exception is BodyParserError {
  const candidate = exception as Partial<BodyParserError> | null;
  return typeof candidate?.type === 'string' && typeof candidate.status === 'number' && candidate.status >= 400 && candidate.status < 500;
}
