/** The PostgreSQL schema of the service's own tables (the library's live in `tenaz`). */
export const TRACKING_SCHEMA = 'tracking';
