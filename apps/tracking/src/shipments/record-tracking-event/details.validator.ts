import { registerDecorator, ValidationOptions } from 'class-validator';

/** 4 KB of JSON: room for carrier codes, signatures' names and notes, not for documents or images. */
export const MAX_DETAILS_BYTES = 4_096;

function detailsProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'must be an object';
  }
  return Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_DETAILS_BYTES
    ? `must be at most ${MAX_DETAILS_BYTES} bytes as JSON`
    : undefined;
}

/** `details`: free-form carrier data, a JSON object of at most {@link MAX_DETAILS_BYTES}. */
export function IsEventDetails(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isEventDetails',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => detailsProblem(value) === undefined,
        defaultMessage: (args) => detailsProblem(args?.value) ?? 'is invalid',
      },
    });
}
