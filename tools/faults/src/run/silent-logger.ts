import type { MessagingLogger } from '@tenaz/messaging';

const nothing = () => undefined;

/**
 * The library's logger in fault runs: the faults make the library warn by design (lost
 * connections, reclaimed leases) and the checker, not the log, is what a run is judged by.
 */
export const SILENT_LOGGER: MessagingLogger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
