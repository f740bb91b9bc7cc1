/** The `transportId` of `TenazServer` (for `@EventPattern(queue, TENAZ_TRANSPORT)` in hybrid apps with several transports). */
export const TENAZ_TRANSPORT = Symbol.for('tenaz');
