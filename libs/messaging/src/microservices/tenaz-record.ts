import type { PublishOptions } from '../model/message';

/**
 * What `client.emit(queue, record)` publishes when plain data is not enough: the message type
 * (default: the queue's name) and Tenaz's publish options (priority, correlation id, tenant,
 * delay, message id for idempotency, …). Like Nest's `RmqRecord`.
 *
 * ```ts
 * client.emit('notifications', new TenazRecord({ to, body }, { type: 'sms', options: { priority: 1, tenantId } }));
 * ```
 */
export class TenazRecord<TPayload = unknown> {
  constructor(
    readonly payload: TPayload,
    readonly settings: { type?: string; options?: PublishOptions } = {},
  ) {}
}
