/** The PostgreSQL schema of the service's own tables (the library's live in `tenaz`). */
export const TRACKING_SCHEMA = 'tracking';

/** The schema of the library's queue, outbox and inbox tables, shared by both services. */
export const MESSAGING_SCHEMA = 'tenaz';

/** Name of the advisory lock that serialises migrations across processes. */
export const MIGRATIONS_LOCK = 'tenaz:tracking:migrations';
