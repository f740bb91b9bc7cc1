import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { CHANNELS, Channel } from '@tenaz/contracts';
import { contentProblem, recipientProblem } from '../notification-rules';

function channelOf(args: ValidationArguments): Channel | undefined {
  const channel = (args.object as { channel?: unknown }).channel;
  return CHANNELS.includes(channel as Channel) ? (channel as Channel) : undefined;
}

/** The recipient must suit the notification's channel (email address, E.164 phone, push token). */
export function IsRecipientForChannel(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRecipientForChannel',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const channel = channelOf(args);
          // An unknown channel is reported on `channel`; the recipient cannot be judged without one.
          return channel === undefined || (typeof value === 'string' && recipientProblem(channel, value) === undefined);
        },
        defaultMessage(args: ValidationArguments) {
          const channel = channelOf(args) as Channel;
          return typeof args.value === 'string' ? (recipientProblem(channel, args.value) as string) : 'must be a string';
        },
      },
    });
}

/** Longest body: 10,000 characters (the message contract's limit). */
export const MAX_BODY_LENGTH = 10_000;

function bodyProblem(args: ValidationArguments): string | undefined {
  const value = args.value;
  if (value !== undefined && typeof value !== 'string') {
    return 'must be a string';
  }
  if (typeof value === 'string' && value.length > MAX_BODY_LENGTH) {
    return `must be at most ${MAX_BODY_LENGTH} characters`;
  }
  const channel = channelOf(args);
  return channel === undefined ? undefined : contentProblem(channel, args.object as { body?: string; templateId?: string });
}

/**
 * The body: an optional string of up to 10,000 characters, required unless a template id is given
 * (always for email). One decorator rather than `@IsOptional` + checks, because `@IsOptional`
 * would skip the "body or template" rule exactly when the body is missing.
 */
export function IsNotificationBody(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotificationBody',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => bodyProblem(args) === undefined,
        defaultMessage: (args: ValidationArguments) => bodyProblem(args) as string,
      },
    });
}
