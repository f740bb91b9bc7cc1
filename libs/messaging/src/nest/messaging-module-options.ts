import type { MessagingOptions } from '../model/messaging-options';
import type { InboxOptions } from '../core/inbox';

/**
 * Runs an inbox consumer's `work` inside a transaction of the application's choosing, e.g.
 * `(work) => dataSource.transaction((em) => work(em))` with TypeORM; the handler then receives
 * that transaction (an `EntityManager`) as `context.transaction`.
 */
export type InboxTransaction = NonNullable<InboxOptions['transaction']>;

/** Options of `MessagingModule.forRoot` (or what the `forRootAsync` factory returns). */
export interface MessagingModuleOptions {
  /** Passed to `createMessaging` as is. */
  messaging: MessagingOptions;
  /**
   * The transaction that `@OnMessage` handlers with an `inbox` run in. Without it, the library's
   * own pg transaction is used (and handed to the handler as a `pg` client).
   */
  inboxTransaction?: InboxTransaction;
  /** Start the `@OnMessage` consumers on bootstrap (default `true`); a publish-only process sets `false`. */
  consume?: boolean;
}
