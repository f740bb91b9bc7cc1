/**
 * What `tenaz` exits with, for scripts (documented in the README):
 * 0 done; 1 an unexpected failure; 2 a usage error (unknown command or option, a bad value, a
 * malformed DATABASE_URL or RABBITMQ_URL, an unreadable `--config`, a purge without `--yes` and no
 * terminal to ask); 3 PostgreSQL or RabbitMQ cannot be reached (or
 * refused the connection); 4 not found (an unknown queue, no dead letter with that id); 5 `queues`
 * ran and a queue is not within its SLA; 6 the operator declined a purge.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  unavailable: 3,
  notFound: 4,
  slaBreached: 5,
  declined: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the CLI with its exit code and a one-line message. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
