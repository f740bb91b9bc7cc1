import { StartError } from './start-error';

/** Why the embedded PostgreSQL could not be started or stopped. */
export type EmbeddedPostgresFailure =
  /** Running as root, there is no unprivileged `postgres` user and none could be created. */
  | 'no-unprivileged-user'
  /** Running as root, the `postgres` user cannot reach the data folder or the binaries. */
  | 'not-reachable'
  /** A server started by an earlier run still runs on the same data folder. */
  | 'already-running'
  /** The data folder holds something that is not a complete cluster, or its password is gone. */
  | 'unusable-data'
  /** `initdb` or `postgres` exited with an error (the server's log says why). */
  | 'server-failed'
  /** The server neither became ready nor exited within the deadline. */
  | 'timed-out';

/** The embedded PostgreSQL failed; the message says what to do about it. */
export class EmbeddedPostgresFailedError extends StartError {
  override readonly name = 'EmbeddedPostgresFailedError';
  readonly code = 'embedded-postgres-failed' as const;

  constructor(
    readonly failure: EmbeddedPostgresFailure,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause);
  }
}
