import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { unstorableStringProblems } from './unstorable-strings';

/** How a service's request validation reports problems. */
export interface ValidationPipeOptions {
  /** One problem per field: a missing field is "is required", not also "must be a string" and "must match". */
  stopAtFirstError: boolean;
}

/**
 * Request validation: unknown fields are rejected (not silently dropped), strings PostgreSQL
 * cannot store are refused wherever they sit in the body, and the 400 names every problem as
 * `path: what is wrong`, nested paths included (`notifications.2.recipient: ...`).
 */
export function createValidationPipe(options: ValidationPipeOptions): ValidationPipe {
  return new ServiceValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: options.stopAtFirstError,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: describeValidationErrors(errors) }),
  });
}

/** `path: problem` for every failed constraint, depth first. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      constraint === 'whitelistValidation' ? `${path}: unknown field` : `${path || '(body)'}: ${message}`,
    );
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** class-validator's pipe, plus the unstorable-string check over the whole body, problems merged into one 400. */
class ServiceValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const unstorable = metadata.type === 'body' ? unstorableStringProblems(value) : [];
    let transformed: unknown;
    try {
      transformed = await super.transform(value, metadata);
    } catch (error) {
      if (unstorable.length > 0 && error instanceof BadRequestException) {
        throw badRequest([...unstorable, ...messagesOf(error)]);
      }
      throw error;
    }
    if (unstorable.length > 0) {
      throw badRequest(unstorable);
    }
    return transformed;
  }
}

function badRequest(message: string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [...new Set(message)] });
}

function messagesOf(error: BadRequestException): string[] {
  const answer = error.getResponse() as { message?: unknown } | string;
  const message = typeof answer === 'object' ? answer.message : answer;
  return Array.isArray(message) ? message.map(String) : [String(message)];
}
