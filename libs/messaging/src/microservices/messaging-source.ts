import { createMessaging, Messaging } from '../core/create-messaging';
import type { MessagingOptions } from '../model/messaging-options';

/** A running `Messaging` to share (its owner closes it), or options for one of its own. */
export type MessagingSource = Messaging | MessagingOptions;

/** Opens a source once: created from options (and owned), or the shared instance as it is. */
export class MessagingHolder {
  private opening: Promise<Messaging> | undefined;

  constructor(private readonly source: MessagingSource) {}

  /** True when this holder created the instance and must close it. */
  get owned(): boolean {
    return !isMessaging(this.source);
  }

  open(): Promise<Messaging> {
    this.opening ??= isMessaging(this.source) ? Promise.resolve(this.source) : createMessaging(this.source);
    // A failed start may be retried by the next call (the broker was down).
    this.opening.catch(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Closes an owned instance (graceful: consumers drain first); leaves a shared one running. */
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (opening && this.owned) {
      await (await opening.catch(() => undefined))?.close();
    }
  }
}

function isMessaging(source: MessagingSource): source is Messaging {
  return typeof (source as Messaging).close === 'function' && 'publisher' in source;
}
