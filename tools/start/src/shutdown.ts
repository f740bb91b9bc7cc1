import { RunningEmbeddedPostgres } from './embedded/embedded-postgres';
import { RunningService, signalService } from './service-process';

/** Notifications waits up to PROVIDER_TIMEOUT_MS + 5 s (15 s by default) for running sends; then some slack. */
const SERVICES_STOP_TIMEOUT_MS = 30_000;

/**
 * Stops everything `npm start` started, in order: the services first (SIGTERM: they stop claiming
 * and finish their work in flight, which needs the database), then the embedded PostgreSQL, then
 * this process, with exit code 0 when every service stopped cleanly. A second `stop` (a second
 * Ctrl-C) kills the services at once; `unexpected` (something stopped on its own) starts the
 * sequence with exit code 1 unless it is already under way.
 */
export function shutdownSequence(
  running: readonly RunningService[],
  embedded: RunningEmbeddedPostgres | undefined,
): { stop: (reason: string, exitCode?: number) => void; unexpected: (what: string) => void } {
  let stopping = false;
  const stop = (reason: string, exitCode?: number): void => {
    if (stopping) {
      console.log('start: stopping at once (second signal)');
      running.forEach((entry) => signalService(entry, 'SIGKILL'));
      return;
    }
    stopping = true;
    console.log(`start: ${reason}; stopping both services (they finish work in flight first)`);
    running.forEach((entry) => signalService(entry, 'SIGTERM'));
    const force = setTimeout(() => {
      console.log(`start: still running after ${SERVICES_STOP_TIMEOUT_MS / 1000} s; killing`);
      running.forEach((entry) => signalService(entry, 'SIGKILL'));
    }, SERVICES_STOP_TIMEOUT_MS);
    force.unref();
    void Promise.all(running.map((entry) => entry.exited)).then(async (exits) => {
      clearTimeout(force);
      // Nest ends a graceful stop by re-raising the signal it got: SIGTERM from us, or the terminal's SIGINT.
      const unclean = exits.filter(({ code, signal }) => !(code === 0 || signal === 'SIGTERM' || signal === 'SIGINT'));
      let embeddedStopped = true;
      if (embedded) {
        console.log('start: stopping the embedded PostgreSQL');
        embeddedStopped = await embedded.stop().then(
          () => true,
          (error: Error) => (console.error(`start: ${error.message}`), false),
        );
        if (embeddedStopped) {
          console.log('start: embedded PostgreSQL stopped');
        }
      }
      process.exit(exitCode ?? (unclean.length > 0 || !embeddedStopped ? 1 : 0));
    });
  };
  const unexpected = (what: string): void => {
    if (!stopping) {
      console.error(`start: ${what}`);
      stop(what, 1);
    }
  };
  return { stop, unexpected };
}
