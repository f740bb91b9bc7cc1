import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..', '..');
export const COMPOSE_FILE = join(REPOSITORY_ROOT, 'docker-compose.yml');

/** The parts of a compose service these tests read. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number>;
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}

/** The compose file as YAML 1.2, failing on any parse error or warning (duplicate keys, bad indentation). */
export function readComposeFile(): { services: Record<string, ComposeService>; volumes: Record<string, unknown> } {
  const document = parseDocument(readFileSync(COMPOSE_FILE, 'utf8'), { uniqueKeys: true, strict: true });
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  if (problems.length > 0) {
    throw new Error(`docker-compose.yml does not parse: ${problems.join('; ')}`);
  }
  return document.toJS();
}

/**
 * A value as `docker compose` interpolates it with no variables set in the shell or an `.env`
 * file: `${NAME:-default}` becomes the default, `${NAME}` and `$NAME` become empty, `$$` is `$`.
 */
export function interpolateWithDefaults(value: string | number): string {
  return String(value).replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$[A-Za-z_][A-Za-z0-9_]*/g,
    (match, _name: string | undefined, fallback: string | undefined) => (match === '$$' ? '$' : (fallback ?? '')),
  );
}

/** A service's `environment`, interpolated as above. */
export function serviceEnvironment(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolateWithDefaults(value)]));
}
