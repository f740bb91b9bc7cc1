import type { MessagingLogger } from '../model/logger';
import type { Database } from './database';
import { DatabaseStatements, databaseStatements } from './database-statements';

/**
 * Sends NOTIFY for queues that received work, outside the writers' transactions and coalesced:
 * while one NOTIFY is in flight, further requests merge into the next, so a burst of publishes
 * costs a couple of NOTIFYs rather than one each. A lost NOTIFY only delays consumers until their
 * polling backstop.
 */
export class QueueNotifier {
  private readonly waiting = new Set<string>();
  private sending: Promise<void> | undefined;
  private readonly statements: DatabaseStatements;

  constructor(
    private readonly database: Database,
    /** The LISTEN/NOTIFY channel to wake: the schema's queue channel, or its outbox channel. */
    private readonly channel: string,
    private readonly logger: MessagingLogger,
  ) {
    this.statements = databaseStatements(database.schema);
  }

  notify(queues: Iterable<string>): void {
    for (const queue of queues) {
      this.waiting.add(queue);
    }
    if (!this.sending && this.waiting.size > 0) {
      this.sending = this.send().finally(() => {
        this.sending = undefined;
        if (this.waiting.size > 0) {
          this.notify([]);
        }
      });
    }
  }

  /** Resolves once nothing is waiting or in flight (used on close). */
  async idle(): Promise<void> {
    while (this.sending) {
      await this.sending;
    }
  }

  private async send(): Promise<void> {
    const queues = [...this.waiting];
    this.waiting.clear();
    try {
      await this.database.query(this.statements['notify-queues'], [this.channel, queues]);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, queues }, 'NOTIFY failed; consumers will find the work on their next poll');
    }
  }
}
