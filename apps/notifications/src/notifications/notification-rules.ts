import { type Channel, E164_PATTERN, PUSH_TOKEN_PATTERN } from '@tenaz/contracts';
import { isEmail } from 'class-validator';

/**
 * Why a recipient cannot receive on a channel, or undefined when it can. Shared by the REST
 * validation and the `notification.requested` consumer, so both accept exactly the same input.
 */
export function recipientProblem(channel: Channel, recipient: string): string | undefined {
  switch (channel) {
    case 'email':
      return isEmail(recipient) && recipient.length <= 320 ? undefined : 'must be an email address for channel email';
    case 'sms':
    case 'whatsapp':
      return E164_PATTERN.test(recipient) ? undefined : `must be an E.164 phone number (+ and 8-15 digits) for channel ${channel}`;
    case 'push':
      return PUSH_TOKEN_PATTERN.test(recipient)
        ? undefined
        : 'must be a push token (32-320 letters, digits, ":", "_", "-", ".") for channel push';
    default: {
      const unreachable: never = channel;
      return `unknown channel ${String(unreachable)}`;
    }
  }
}

/**
 * Why the content cannot be sent, or undefined. A body, or a template id the provider renders;
 * email needs a body because SMTP has no provider-side templates.
 */
export function contentProblem(channel: Channel, content: { body?: string | null; templateId?: string | null }): string | undefined {
  const hasBody = typeof content.body === 'string' && content.body.length > 0;
  if (channel === 'email' && !hasBody) {
    return 'is required for channel email (SMTP has no provider-side templates)';
  }
  if (!hasBody && !content.templateId) {
    return 'a body or a templateId is required';
  }
  return undefined;
}
