import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { ConsumeOptions, ConsumerHandle } from '../core/consumer';
import type { Messaging } from '../core/create-messaging';
import { InvalidConfigurationError, UnknownQueueError } from '../model/errors';
import { DiscoveredHandler, discoverMessageHandlers } from './discover-message-handlers';
import { MESSAGING, MESSAGING_MODULE_OPTIONS } from './messaging.constants';
import type { InboxTransaction, MessagingModuleOptions } from './messaging-module-options';

/**
 * Starts the `@OnMessage` consumers when the application has bootstrapped and stops them on
 * shutdown (`app.close()`, or SIGTERM with `app.enableShutdownHooks()`).
 *
 * Draining happens in `beforeApplicationShutdown`, not `onApplicationShutdown`: Nest runs
 * `onApplicationShutdown` on the application's own modules first and on global modules in reverse
 * registration order, so (with `TypeOrmModule` imported after this module) TypeORM destroys its
 * DataSource, and app modules close their clients, before our hook would run: a handler still
 * draining there would lose its database. Every `beforeApplicationShutdown` runs before any
 * `onApplicationShutdown`; messaging itself closes in `onApplicationShutdown`.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('MessagingModule');
  private readonly handles: ConsumerHandle[] = [];
  private stopping: Promise<void> | undefined;

  constructor(
    @Inject(MESSAGING) private readonly messaging: Messaging,
    @Inject(MESSAGING_MODULE_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /**
   * Validates every handler first (unknown queue: `UnknownQueueError`; two handlers on one queue or
   * a non-singleton handler: `InvalidConfigurationError`), then starts them all. If any fails to
   * start, the ones already started are stopped and messaging is closed before the error is rethrown,
   * so an application that failed to start neither consumes nor holds connections.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.options.consume === false) {
      return;
    }
    try {
      const handlers = this.validHandlers();
      for (const { queue, options, handler, name } of handlers) {
        const consumeOptions = withInboxTransaction(options, this.options.inboxTransaction);
        this.handles.push(
          await this.messaging.consumer.consume(queue, handler, consumeOptions).catch((error: unknown) => {
            this.logger.error(`${name} could not start consuming "${queue}": ${(error as Error).message}`);
            throw error;
          }),
        );
        this.logger.log(`${name} consumes "${queue}"`);
      }
    } catch (error) {
      await this.stopConsumers();
      await this.messaging.close();
      throw error;
    }
  }

  /** Every consumer stops claiming, releases its buffered messages and lets running handlers finish (drain). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stopConsumers();
  }

  /** Closes messaging (idempotent; also drains, in case `beforeApplicationShutdown` was skipped). */
  async onApplicationShutdown(): Promise<void> {
    await this.stopConsumers();
    await this.messaging.close();
  }

  private validHandlers(): DiscoveredHandler[] {
    const { handlers, problems } = discoverMessageHandlers(this.discovery, this.scanner);
    const known = [...this.messaging.queues.keys()];
    const unknown = handlers.find((handler) => !this.messaging.queues.has(handler.queue));
    if (unknown) {
      this.logger.error(`${unknown.name} consumes "${unknown.queue}", which is not a configured queue`);
      throw new UnknownQueueError(unknown.queue, known);
    }
    // Two consumers of one queue in one process compete for its messages, so each handler would see
    // an arbitrary share of them: almost certainly a mistake. One handler per queue; raise its
    // `concurrency` for throughput, or dispatch on `message.type` inside it.
    const byQueue = new Map<string, string>();
    for (const handler of handlers) {
      const first = byQueue.get(handler.queue);
      if (first) {
        problems.push(
          `queue "${handler.queue}" has two @OnMessage handlers (${first} and ${handler.name}); a queue has one handler per application`,
        );
      }
      byQueue.set(handler.queue, first ?? handler.name);
    }
    if (problems.length > 0) {
      throw new InvalidConfigurationError(problems);
    }
    return handlers;
  }

  private stopConsumers(): Promise<void> {
    this.stopping ??= Promise.all(this.handles.map((handle) => handle.stop())).then(() => undefined);
    return this.stopping;
  }
}

/** `inbox: 'name'` (or an inbox without its own transaction) runs in the module's `inboxTransaction`. */
function withInboxTransaction(options: ConsumeOptions, transaction: InboxTransaction | undefined): ConsumeOptions {
  if (!options.inbox || !transaction) {
    return options;
  }
  const inbox = typeof options.inbox === 'string' ? { name: options.inbox } : options.inbox;
  return { ...options, inbox: { ...inbox, transaction: inbox.transaction ?? transaction } };
}
