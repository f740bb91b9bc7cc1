/** Message types shared by the Tenaz services: one schema and type per message kind. */
export * from './queues';
export * from './recipients';
export * from './notification-deliver.message';
export * from './notification-requested.message';
export * from './tracking-event-recorded.message';
