import { BuiltService, spawnBuiltService } from '@tenaz/test-kit';
import { join } from 'node:path';

/** The built service, as `npm run build` leaves it. */
export const BUILT_MAIN = join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'notifications', 'main.js');

/** The built notifications service running as a child process. */
export type SpawnedService = BuiltService;

/** Starts `node dist/apps/notifications/main.js` with `env` (on a free port) once it listens (see `spawnBuiltService`). */
export function spawnService(env: Record<string, string>): Promise<SpawnedService> {
  return spawnBuiltService({ name: 'notifications', main: BUILT_MAIN, portVariable: 'NOTIFICATIONS_PORT' }, env);
}
