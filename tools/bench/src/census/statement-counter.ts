/**
 * Preloaded into a service under measurement (`node --require …/statement-counter.js main.js`):
 * counts every statement the process sends to PostgreSQL, by statement, and writes the counts to
 * `STATEMENT_COUNT_FILE` every 100 ms. Wraps `pg`'s `Client.prototype.query`, which TypeORM, the
 * messaging library and the services all go through; `pg` sends one statement per call and never
 * pipelines, so a call is one round trip.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { WORKSPACE_ROOT } from '../core/paths';

/** Counts as the file holds them: statement (whitespace collapsed, first 100 characters) → calls. */
export type StatementCounts = Record<string, number>;

/** The key a statement is counted under: its text with whitespace collapsed, cut to 100 characters. */
export function statementKey(text: string): string {
  return text
    .replace(/--[^\n]*\n/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
}

function install(file: string): void {
  // The services' own copy of pg (the workspace root's), not one next to this file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require(require.resolve('pg', { paths: [WORKSPACE_ROOT] })) as typeof import('pg');
  const counts: StatementCounts = {};
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    const key = statementKey(text);
    counts[key] = (counts[key] ?? 0) + 1;
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
  // Written aside and renamed, so a reader never sees half a file.
  const flush = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(counts));
    renameSync(`${file}.tmp`, file);
  };
  setInterval(flush, 100).unref();
  process.once('beforeExit', flush);
}

const target = process.env['STATEMENT_COUNT_FILE'];
if (target) {
  install(target);
}
