import confirm from '@inquirer/confirm';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import type { DeadLetterSelector, Messaging } from '@tenaz/messaging';
import { CliError, EXIT } from '../exit-codes';
import type { GlobalOptions } from '../global-options';
import { printObject, printRows, say } from '../output';
import { age, nonNegativeInteger, positiveInteger } from '../parse';
import { withMessaging } from '../with-messaging';

interface FilterOptions {
  type?: string;
  tenant?: string;
  olderThan?: number;
  newerThan?: number;
  all?: boolean;
}

/** Replays of more than this many go in batches with a progress bar (one batch is one statement or browse). */
const REPLAY_BATCH = 500;

function withFilterOptions(command: Command): Command {
  return command
    .option('--type <type>', 'only this message type')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--older-than <age>', 'dead-lettered at least this long ago (90s, 15m, 2h, 7d)', age)
    .option('--newer-than <age>', 'dead-lettered less than this long ago', age);
}

function selectorOf(ids: string[], options: FilterOptions): DeadLetterSelector {
  return {
    ...(ids.length > 0 ? { ids } : {}),
    ...(options.type ? { type: options.type } : {}),
    ...(options.tenant ? { tenantId: options.tenant } : {}),
    ...(options.olderThan !== undefined ? { olderThanMs: options.olderThan } : {}),
    ...(options.newerThan !== undefined ? { newerThanMs: options.newerThan } : {}),
  };
}

/** Replay and purge need ids, a filter or `--all`: nothing given never means everything. */
function requireSelection(verb: string, selector: DeadLetterSelector, options: FilterOptions): void {
  if (Object.keys(selector).length === 0 && !options.all) {
    throw new CliError(
      `name the message ids to ${verb}, give a filter (--type, --tenant, --older-than, --newer-than), or pass --all`,
      EXIT.usage,
    );
  }
}

/** Replays in batches of ids so a long replay shows its progress; returns how many went back. */
async function replayWithProgress(messaging: Messaging, queue: string, selector: DeadLetterSelector, json: boolean): Promise<number> {
  const total = await messaging.deadLetters.count(queue, selector);
  if (total <= REPLAY_BATCH || json || !process.stderr.isTTY) {
    return messaging.deadLetters.replay(queue, selector);
  }
  const bar = new SingleBar({ format: 'replaying {bar} {value}/{total}', stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0);
  let replayed = 0;
  try {
    // Each round takes the oldest batch still matching; replayed ones no longer match (they are pending).
    for (let round = 0; round * REPLAY_BATCH < total * 2; round += 1) {
      const batch = await messaging.deadLetters.list(queue, { ...selector, limit: REPLAY_BATCH });
      if (batch.length === 0) {
        break;
      }
      replayed += await messaging.deadLetters.replay(queue, { ids: batch.map((letter) => letter.id) });
      bar.update(Math.min(replayed, total));
    }
  } finally {
    bar.stop();
  }
  return replayed;
}

/** `tenaz dead-letters list|show|replay|purge`. */
export function registerDeadLetters(program: Command, globals: () => GlobalOptions): void {
  const deadLetters = program.command('dead-letters').alias('dlq').description('dead letters: list, show, replay, purge');

  withFilterOptions(
    deadLetters.command('list').description('dead letters with their reason and last error (no payloads: see show)').argument('<queue>'),
  )
    .option('-l, --limit <n>', 'at most this many', positiveInteger, 20)
    .option('-o, --offset <n>', 'skip this many', nonNegativeInteger, 0)
    .action((queue: string, options: FilterOptions & { limit: number; offset: number }) =>
      withMessaging(globals().messaging, async (messaging) => {
        const selector = selectorOf([], options);
        const [letters, total] = await Promise.all([
          messaging.deadLetters.list(queue, { ...selector, limit: options.limit, offset: options.offset }),
          messaging.deadLetters.count(queue, selector),
        ]);
        const rows = letters.map((letter) => ({
          id: letter.id,
          type: letter.type,
          tenant: letter.tenantId,
          attempts: letter.attempts,
          reason: letter.reason,
          lastError: letter.lastError,
          deadLetteredAt: letter.deadLetteredAt.toISOString(),
        }));
        printRows(rows, globals().json);
        say(`${letters.length} of ${total} dead letter${total === 1 ? '' : 's'}`, globals().json);
      }),
    );

  deadLetters
    .command('show')
    .description('one dead letter whole: payload, headers, last error, attempts')
    .argument('<queue>')
    .argument('<id>')
    .action((queue: string, id: string) =>
      withMessaging(globals().messaging, async (messaging) => {
        const letter = await messaging.deadLetters.get(queue, id);
        if (!letter) {
          throw new CliError(`no dead letter ${id} in queue "${queue}"`, EXIT.notFound);
        }
        printObject(letter);
      }),
    );

  withFilterOptions(
    deadLetters
      .command('replay')
      .description('put dead letters back on their queue, unchanged, with a fresh retry budget')
      .argument('<queue>')
      .argument('[ids...]'),
  )
    .option('--all', 'every dead letter of the queue')
    .action((queue: string, ids: string[], options: FilterOptions) => {
      const selector = selectorOf(ids, options);
      requireSelection('replay', selector, options);
      return withMessaging(globals().messaging, async (messaging) => {
        const replayed = await replayWithProgress(messaging, queue, selector, globals().json);
        if (globals().json) {
          printObject({ queue, replayed });
        } else {
          say(`replayed ${replayed} dead letter${replayed === 1 ? '' : 's'} of ${queue}`, false);
        }
      });
    });

  withFilterOptions(
    deadLetters
      .command('purge')
      .description('delete dead letters for good (asks first unless --yes)')
      .argument('<queue>')
      .argument('[ids...]'),
  )
    .option('--all', 'every dead letter of the queue')
    .option('-y, --yes', 'do not ask for confirmation')
    .action((queue: string, ids: string[], options: FilterOptions & { yes?: boolean }) => {
      const selector = selectorOf(ids, options);
      requireSelection('purge', selector, options);
      return withMessaging(globals().messaging, async (messaging) => {
        if (!options.yes) {
          if (!process.stdin.isTTY) {
            throw new CliError('purge deletes for good: pass --yes to confirm (no terminal to ask)', EXIT.usage);
          }
          const count = await messaging.deadLetters.count(queue, selector);
          if (!(await confirm({ message: `Delete ${count} dead letter${count === 1 ? '' : 's'} of ${queue} for good?`, default: false }))) {
            throw new CliError('purge declined; nothing deleted', EXIT.declined);
          }
        }
        const purged = await messaging.deadLetters.purge(queue, selector);
        if (globals().json) {
          printObject({ queue, purged });
        } else {
          say(`purged ${purged} dead letter${purged === 1 ? '' : 's'} of ${queue}`, false);
        }
      });
    });
}
