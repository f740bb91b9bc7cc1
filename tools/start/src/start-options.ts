import { resolve } from 'node:path';
import { Command } from 'commander';
import { LOCAL_DATABASE_URL } from './choose-database';
import { DEFAULT_EMBEDDED_DIRECTORY, displayPath } from './embedded/embedded-layout';

/** The command line of `npm start` (`npm start -- --embedded`). */
export interface StartOptions {
  /** Print the services' JSON log lines as they are. */
  json: boolean;
  /** Use the embedded PostgreSQL even when a local server answers. */
  embedded: boolean;
  /** Where the embedded PostgreSQL keeps its data. */
  embeddedDir: string;
  /** Tried when `DATABASE_URL` is unset, before falling back to the embedded PostgreSQL. */
  localDatabaseUrl: string;
  /** Remove the embedded PostgreSQL's folder and exit. */
  clean: boolean;
}

/** Parses `argv` (as `process.argv`); `--help` prints the usage and exits. */
export function parseStartOptions(argv: readonly string[]): StartOptions {
  const program = new Command('start')
    .description(
      'Start the notifications and tracking services. PostgreSQL: DATABASE_URL if set, else the local server if one answers, else an embedded PostgreSQL with every queue on the PostgreSQL transport. Configuration: README (environment variables).',
    )
    .option('--json', "print the services' JSON log lines as they are, not the compact form", false)
    .option('--embedded', 'use the embedded PostgreSQL even if a local server answers', false)
    .option(
      '--embedded-dir <dir>',
      'where the embedded PostgreSQL keeps its data (kept between runs)',
      displayPath(DEFAULT_EMBEDDED_DIRECTORY),
    )
    .option('--local-database-url <url>', 'the local server tried when DATABASE_URL is unset', LOCAL_DATABASE_URL)
    .option('--clean', "remove the embedded PostgreSQL's data folder and exit (npm run start:clean)", false)
    .showHelpAfterError()
    .parse(argv);
  const options = program.opts<StartOptions>();
  return { ...options, embeddedDir: resolve(options.embeddedDir) };
}
