export * from './tracking.error';
export * from './shipment-not-found.error';
export * from './shipment-already-exists.error';
export * from './event-conflict.error';
export * from './batch-too-large.error';
export * from './tracking-error.mapper';
