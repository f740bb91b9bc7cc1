import type { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes';
import type { GlobalOptions } from '../global-options';
import { printObject, printRows, say } from '../output';
import { nonNegativeInteger, positiveInteger } from '../parse';
import { withMessaging } from '../with-messaging';

/** `tenaz outbox list|retry`: the backlog per queue and the failed rows; retrying them. */
export function registerOutbox(program: Command, globals: () => GlobalOptions): void {
  const outbox = program.command('outbox').description('the transactional outbox: backlog, failed rows, retry');

  outbox
    .command('list')
    .description('unsent rows per queue, then the rows that failed every relay attempt')
    .option('-l, --limit <n>', 'at most this many failed rows', positiveInteger, 20)
    .option('-o, --offset <n>', 'skip this many failed rows', nonNegativeInteger, 0)
    .action((options: { limit: number; offset: number }) =>
      withMessaging(globals().messaging, async (messaging) => {
        const [backlog, failed] = await Promise.all([messaging.outbox.backlog(), messaging.outbox.listFailed(options)]);
        if (globals().json) {
          printObject({ backlog, failed });
          return;
        }
        say(`outbox: ${backlog.pending} pending (oldest ${backlog.oldestPendingAgeMs} ms), ${backlog.failed} failed`, false);
        printRows(
          backlog.queues.map((queue) => ({ ...queue })),
          false,
        );
        if (failed.length > 0) {
          say('failed rows:', false);
          printRows(
            failed.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
            false,
          );
        }
      }),
    );

  outbox
    .command('retry')
    .description('give failed rows a fresh set of relay attempts, due now')
    .argument('[ids...]', 'row ids')
    .option('--all', 'every failed row')
    .action((ids: string[], options: { all?: boolean }) => {
      if (ids.length === 0 && !options.all) {
        throw new CliError('name the row ids to retry, or pass --all', EXIT.usage);
      }
      return withMessaging(globals().messaging, async (messaging) => {
        const retried = await messaging.outbox.retryFailed(ids.length > 0 ? { ids } : {});
        if (globals().json) {
          printObject({ retried });
        } else {
          say(`retrying ${retried} outbox row${retried === 1 ? '' : 's'}`, false);
        }
      });
    });
}
