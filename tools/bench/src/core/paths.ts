import { resolve } from 'node:path';

/** The repository's root, from the compiled `tools/bench/dist/core/`. */
export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..', '..');
/** Where `npm run build` puts the services. */
export const APPS_DIST = resolve(WORKSPACE_ROOT, 'dist', 'apps');
