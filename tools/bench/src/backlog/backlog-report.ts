import { formatValue } from '../output/format';
import type { BacklogResult, TableSizes } from './backlog-run';

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
/** Row counts whole, with thousands separators. */
const rows = (count: number) => Math.round(count).toLocaleString('en-US');

function sizesTable(before: TableSizes[], after: TableSizes[]): string[] {
  const names = [...new Set([...before, ...after].map((table) => table.table))];
  return [
    '| table | heap MiB before → after | indexes MiB before → after | live rows before → after | dead tuples after |',
    '|---|---:|---:|---:|---:|',
    ...names.map((name) => {
      const b = before.find((table) => table.table === name);
      const a = after.find((table) => table.table === name);
      return `| ${name} | ${mib(b?.heapBytes ?? 0)} → ${mib(a?.heapBytes ?? 0)} | ${mib(b?.indexBytes ?? 0)} → ${mib(a?.indexBytes ?? 0)} | ${rows(b?.liveTuples ?? 0)} → ${rows(a?.liveTuples ?? 0)} | ${rows(a?.deadTuples ?? 0)} |`;
    }),
  ];
}

/** The backlog run in Markdown: one section per autovacuum setting, with the slice check. */
export function backlogMarkdown(record: {
  startedAt: Date;
  finishedAt: Date;
  commit: string;
  argv: string[];
  loadStart: number[];
  loadEnd: number[];
  results: BacklogResult[];
}): string {
  const lines = [
    '# Backlog run',
    '',
    `${record.startedAt.toISOString()} to ${record.finishedAt.toISOString()}, commit \`${record.commit}\`, load average ${record.loadStart.join(' ')} → ${record.loadEnd.join(' ')}.`,
    '',
    '```sh',
    `npm run bench:backlog --${record.argv.length ? ` ${record.argv.join(' ')}` : ''}`,
    '```',
    '',
  ];
  for (const result of record.results) {
    const first = result.sliceSeconds[0];
    const last = result.sliceSeconds.at(-1)!;
    lines.push(
      `## autovacuum ${result.autovacuum}${result.autovacuum === 'on' ? ' (throwaway cluster, autovacuum_naptime 10 s)' : ' (the shared server as it runs)'}`,
      '',
      `- enqueue of ${formatValue(result.messages)} messages (publishMany of 1,000, one caller): ${result.enqueueSeconds.toFixed(1)} s (${formatValue(result.messages / result.enqueueSeconds)} messages/s)`,
      `- drain (one consumer, concurrency 16): ${result.drainSeconds.toFixed(1)} s (${formatValue(result.messages / result.drainSeconds)} messages/s)`,
      `- slices of ${formatValue(result.sliceSize)}: ${result.sliceSeconds.map((seconds) => seconds.toFixed(1)).join(' / ')} s; last ${last <= first ? '≤' : '>'} first: **${last <= first ? 'met' : 'missed'}** (${(last / first).toFixed(2)}×)`,
      `- retention cleanup after the last acknowledgement: ${result.cleanupSeconds.toFixed(1)} s`,
      '',
      ...sizesTable(result.before, result.after),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
