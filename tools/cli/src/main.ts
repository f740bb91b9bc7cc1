import { Command, CommanderError } from 'commander';
import { messagingOptionsFrom } from './cli-config';
import { registerDeadLetters } from './commands/dead-letters.command';
import { registerOutbox } from './commands/outbox.command';
import { registerQueues } from './commands/queues.command';
import { CliError, EXIT } from './exit-codes';
import type { GlobalOptions } from './global-options';

/**
 * `tenaz`: operate Tenaz queues from a terminal. Reads DATABASE_URL, TENAZ_SCHEMA, RABBITMQ_URL
 * and <QUEUE>_QUEUE_TRANSPORT like the services (or `--config <file>`). Exit codes: exit-codes.ts.
 */
const program = new Command('tenaz')
  .description('Operate Tenaz queues: SLA state, dead letters, the outbox.')
  .option('-c, --config <file>', 'createMessaging options as JSON (instead of the environment)')
  .option('--json', 'print JSON instead of tables')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

const globals = (): GlobalOptions => {
  const options = program.opts<{ config?: string; json?: boolean }>();
  return { json: options.json === true, messaging: messagingOptionsFrom(process.env, options.config) };
};

registerQueues(program, globals);
registerDeadLetters(program, globals);
registerOutbox(program, globals);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and version end with code 0; commander already printed its own message.
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  process.stderr.write(`tenaz: ${(error as Error).message}\n`);
  process.exit(error instanceof CliError ? error.exitCode : EXIT.failure);
});
