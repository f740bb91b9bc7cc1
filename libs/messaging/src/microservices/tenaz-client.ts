import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import type { Messaging } from '../core/create-messaging';
import { InvalidPatternError, PublishFailedError, RequestResponseUnsupportedError } from '../model/errors';
import type { PublishResult } from '../model/message';
import { MessagingHolder, MessagingSource } from './messaging-source';
import { TenazRecord } from './tenaz-record';

/** What `TenazClient` takes (also through `ClientsModule.register([{ name, customClass: TenazClient, options }])`). */
export interface TenazClientOptions {
  /** A running `Messaging` to publish through (its owner closes it), or options for the client's own. */
  messaging: MessagingSource;
}

/**
 * A `ClientProxy` over Tenaz queues. `emit(queue, data)` publishes durably: the observable
 * completes with the `PublishResult` once the message is committed in PostgreSQL or confirmed by
 * RabbitMQ, and errors with `PublishFailedError` (nothing stored) otherwise. `data` may be a
 * `TenazRecord` to set the type and publish options. `send()` errors with
 * `RequestResponseUnsupportedError`: queues are one-way.
 */
export class TenazClient extends ClientProxy {
  private readonly holder: MessagingHolder;

  constructor(options: TenazClientOptions) {
    super();
    this.holder = new MessagingHolder(options.messaging);
  }

  connect(): Promise<Messaging> {
    return this.holder.open();
  }

  /** Closes messaging if the client created it. */
  close(): Promise<void> {
    return this.holder.close();
  }

  unwrap<T>(): T {
    return this.holder.open() as T;
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new RequestResponseUnsupportedError(this.normalizePattern(packet.pattern)), isDisposed: true });
    return () => undefined;
  }

  protected async dispatchEvent<T = PublishResult>(packet: ReadPacket): Promise<T> {
    const queue = this.normalizePattern(packet.pattern);
    if (typeof packet.pattern !== 'string') {
      throw new InvalidPatternError(queue);
    }
    const record = packet.data instanceof TenazRecord ? packet.data : new TenazRecord(packet.data);
    const messaging = await this.connect();
    const result = await messaging.publisher.publish(
      { queue, type: record.settings.type ?? queue, payload: record.payload },
      record.settings.options,
    );
    if (result.status === 'failed') {
      throw new PublishFailedError(queue, result.error ?? 'not stored');
    }
    return result as T;
  }
}
