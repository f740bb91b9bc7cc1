import { BuiltService as SpawnedBuiltService, missingBuild as missingBuildOf, spawnBuiltService, stopBuiltService } from '@tenaz/test-kit';
import { join } from 'node:path';

/** The two services as `npm run build` leaves them. */
export const BUILT = {
  tracking: {
    name: 'tracking',
    main: join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'tracking', 'main.js'),
    portVariable: 'TRACKING_PORT',
  },
  notifications: {
    name: 'notifications',
    main: join(__dirname, '..', '..', '..', '..', 'dist', 'apps', 'notifications', 'main.js'),
    portVariable: 'NOTIFICATIONS_PORT',
  },
} as const;

/** Which built service. */
export type ServiceName = keyof typeof BUILT;

/** A built service running as a child process. */
export type BuiltService = SpawnedBuiltService;

/** Why a built service cannot be spawned, or undefined when it can: tests fail with this, never skip. */
export function missingBuild(name: ServiceName): string | undefined {
  return missingBuildOf(BUILT[name]);
}

/** Starts `node dist/apps/<name>/main.js` with `env` (on a free port) once it listens (see `spawnBuiltService`). */
export function spawnBuilt(name: ServiceName, env: Record<string, string>): Promise<BuiltService> {
  return spawnBuiltService(BUILT[name], env);
}

/** SIGTERMs (or another signal) a spawned service and waits for it to be gone. */
export function stopBuilt(service: BuiltService, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return stopBuiltService(service, signal);
}
