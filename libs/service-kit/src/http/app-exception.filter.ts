import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { MessagingError } from '@tenaz/messaging';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../logging/app-logger';
import { isDatabaseBusy, isDatabaseUnavailable } from './database-unavailable';
import { ErrorBody, errorBody } from './error-body';
import { SERVICE_ERROR_MAPPER, ServiceErrorMapper } from './service-errors';

/** Errors raised by Express's body parser before Nest sees the request. */
interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

/**
 * The one place errors become HTTP answers: Nest's HTTP exceptions as they are, the service's
 * typed errors through its {@link ServiceErrorMapper}, the body parser's (413 too large, 400
 * malformed JSON), the messaging library's by kind (bad-input 400, unavailable 503, misuse 500),
 * a lost or overloaded database as a 503, and anything else as a 500 whose details stay in the log.
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  constructor(
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_ERROR_MAPPER) private readonly serviceErrors: ServiceErrorMapper,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{ headersSent: boolean; status(code: number): { json(body: unknown): void } }>();
    if (exception instanceof HttpException && isHealthCheckResult(exception.getResponse())) {
      // A probe's 503 (terminus): its `{ status, info, error, details }` is the answer, for the orchestrator and the operator.
      if (!response.headersSent) {
        response.status(exception.getStatus()).json(exception.getResponse());
      }
      return;
    }
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
      const message =
        typeof answer === 'object' && answer !== null && 'message' in answer ? (answer as { message: unknown }).message : answer;
      return errorBody(status, Array.isArray(message) ? message.map(String) : [String(message)]);
    }
    const own = this.serviceErrors.answer(exception);
    if (own) {
      return errorBody(own.status, [...own.problems]);
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
    if (isDatabaseBusy(exception)) {
      // A lock or statement bound ran out (ConnectionBounds): the transaction rolled back whole.
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, ['the database is busy; retry later']);
    }
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, ['internal error']);
  }
}

/** Terminus' answer to a failed check: `{ status: 'error', info, error, details }`. */
function isHealthCheckResult(answer: unknown): boolean {
  const candidate = answer as { status?: unknown; details?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && candidate.status === 'error' && typeof candidate.details === 'object';
}

function isBodyParserError(exception: unknown): exception is BodyParserError {
  const candidate = exception as Partial<BodyParserError> | null;
  return typeof candidate?.type === 'string' && typeof candidate.status === 'number' && candidate.status >= 400 && candidate.status < 500;
}
