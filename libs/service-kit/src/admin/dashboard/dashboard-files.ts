import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/** One built file of `@tenaz/dashboard`, held in memory (the whole bundle is under 150 KB). */
export interface DashboardFile {
  body: Buffer;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Reads `@tenaz/dashboard`'s `dist/` once. Only these files are ever served (no path from a URL
 * reaches the file system); an unbuilt dashboard gives an empty map and a clear 503 instead.
 */
export function loadDashboardFiles(distDirectory = defaultDistDirectory()): Map<string, DashboardFile> {
  const files = new Map<string, DashboardFile>();
  if (!distDirectory || !existsSync(distDirectory)) {
    return files;
  }
  for (const name of readdirSync(distDirectory)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) {
      files.set(name, { body: readFileSync(join(distDirectory, name)), contentType });
    }
  }
  return files;
}

function defaultDistDirectory(): string | undefined {
  try {
    return join(dirname(require.resolve('@tenaz/dashboard/package.json')), 'dist');
  } catch {
    return undefined;
  }
}
