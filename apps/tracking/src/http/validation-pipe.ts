import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/**
 * Request validation: unknown fields are rejected (not silently dropped) and the 400 names every
 * field's problem as `path: what is wrong`, nested paths included (`events.2.status: ...`). One
 * problem per field (`stopAtFirstError`): a missing field is "is required", not also "must be a
 * string" and "must match".
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: describeValidationErrors(errors) }),
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
