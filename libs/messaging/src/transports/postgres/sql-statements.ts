import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeIdentifier } from 'pg';

/** The statements under `sql/`, by file name without `.sql`. */
export type StatementName =
  | 'ack-messages'
  | 'claim-messages'
  | 'cleanup-finished'
  | 'cleanup-inbox'
  | 'dead-letter-messages'
  | 'extend-leases'
  | 'insert-messages'
  | 'list-dead-letters'
  | 'next-due'
  | 'notify-queues'
  | 'outbox-claim'
  | 'outbox-claim-plan'
  | 'outbox-cleanup-sent'
  | 'outbox-insert'
  | 'outbox-list-failed'
  | 'outbox-mark-failed'
  | 'outbox-mark-sent'
  | 'outbox-next-due'
  | 'outbox-retry-failed'
  | 'purge-dead-letters'
  | 'queue-stats'
  | 'rabbitmq-cleanup-stats'
  | 'rabbitmq-forget-instance'
  | 'rabbitmq-oldest-pending'
  | 'rabbitmq-queue-stats'
  | 'rabbitmq-record-enqueued'
  | 'rabbitmq-record-held'
  | 'rabbitmq-record-settlements'
  | 'reclaim-expired-leases'
  | 'record-inbox'
  | 'release-messages'
  | 'replay-dead-letters'
  | 'retry-messages'
  | 'transaction-status'
  | 'try-cleanup-lock';

export type Statements = Readonly<Record<StatementName, string>>;

let templates: Map<string, string> | undefined;

/** Reads every `.sql` file once per process; the files ship beside the compiled code. */
function loadTemplates(): Map<string, string> {
  if (!templates) {
    const dir = join(__dirname, 'sql');
    templates = new Map(
      readdirSync(dir)
        .filter((file) => file.endsWith('.sql'))
        .map((file) => [file.slice(0, -'.sql'.length), readFileSync(join(dir, file), 'utf8')]),
    );
  }
  return templates;
}

/**
 * The statements for one schema. The schema is the only thing ever spliced into SQL, and only as
 * an escaped identifier: every value travels as a `$n` parameter.
 */
export function statementsFor(schema: string): Statements {
  const quoted = escapeIdentifier(schema);
  const loaded = loadTemplates();
  const result: Partial<Record<StatementName, string>> = {};
  for (const [name, text] of loaded) {
    result[name as StatementName] = text.replaceAll('{schema}', quoted);
  }
  return result as Statements;
}
