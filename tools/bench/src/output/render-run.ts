import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Environment } from '../core/environment';
import type { BenchSettings } from '../core/settings';
import type { GroupSummary } from '../core/summary';
import { writeCharts } from './charts';
import { markdownReport } from './markdown';

/** What `results.json` holds (see main.ts). */
export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  argv: string[];
  commit: string;
  settings: BenchSettings;
  rounds: number;
  environment: Environment;
  groups: GroupSummary[];
}

/** The command a record was made with, as a user would type it. */
export const commandOf = (argv: readonly string[]) => `npm run bench --${argv.length > 0 ? ` ${argv.join(' ')}` : ''}`;

/**
 * Renders `results.md` and the charts again from one or more result files, into the directory of
 * the first: groups of later files replace same-named groups of earlier ones, so a group measured
 * again (after a fix, or with a new measurement) joins the report of the run it belongs to.
 */
export async function renderRecords(files: readonly string[]): Promise<string> {
  const records = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as RunRecord);
  const groups = new Map<string, GroupSummary>();
  for (const record of records) {
    for (const group of record.groups) {
      groups.set(group.name, group);
    }
  }
  const directory = dirname(files[0]);
  const summaries = [...groups.values()];
  const charts = await writeCharts(summaries, directory);
  const [first] = records;
  const last = records[records.length - 1];
  writeFileSync(
    join(directory, 'results.md'),
    markdownReport(summaries, {
      startedAt: new Date(first.startedAt),
      finishedAt: new Date(last.finishedAt),
      command: records.map((record) => commandOf(record.argv)).join('\n'),
      commit: [...new Set(records.map((record) => record.commit))].join(', '),
      rounds: first.rounds,
      settings: { ...first.settings },
      environment: { ...first.environment, loadEnd: last.environment.loadEnd },
      charts,
    }),
  );
  return directory;
}
