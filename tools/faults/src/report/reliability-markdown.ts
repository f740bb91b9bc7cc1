import type { RunRecord } from './run-record';
import { figureRows, recoverySummary } from './figure-rows';

/** What the report says about where it was produced. */
export interface ReportContext {
  date: Date;
  versions: Record<string, string>;
}

/** A run of the suite: its command and the commit it ran at (records older than the field: unknown). */
function runOf(record: RunRecord): string {
  return `${record.command}\n${record.commit ?? 'unknown (before runs recorded theirs)'}`;
}

/**
 * docs/reliability.md: one table per scenario (both transports side by side where it ran on both),
 * the verdict, the faults' recovery, and the versions, command and date of the run.
 */
export function reliabilityMarkdown(results: readonly RunRecord[], context: ReportContext): string {
  const lines: string[] = [
    '# Reliability report',
    '',
    'Every message of every scenario is counted by the checker in `tools/faults` (issue 9): a unique id and a',
    'per-key sequence number per message, what the producer was told, each handler start, each committed effect',
    '(written in the inbox transaction) and each dead letter. **lost = committed − processed − dead-lettered**.',
    'A scenario passes only with lost = 0, duplicate effects = 0, no effect of a message never sent, and what',
    'it promises (order, dead letters, bounds). Faults are real: worker child processes are SIGKILLed and',
    'SIGSTOPped, RabbitMQ is stopped with `rabbitmqctl`, PostgreSQL restarts are of a throwaway cluster.',
    '',
    `Written ${context.date.toISOString()}. Commands and dates of each run (the suite may be run in parts, each \`--report\` replacing`,
    'the runs it repeats, `docs/reliability.json` holding every figure):',
    '',
    ...[...new Set(results.map(runOf))].map(
      (run) =>
        `- \`${run.split('\n')[0]}\` at commit ${run.split('\n')[1]}: ${results
          .filter((r) => runOf(r) === run)
          .map((r) => `${r.id}/${r.transport} ${r.startedAt.slice(0, 16).replace('T', ' ')}`)
          .join(', ')}`,
    ),
    '',
    `Versions of the latest run: ${Object.entries(context.versions)
      .filter(([name]) => name !== 'commit')
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
    '| scenario | transport | messages | verdict | recovery |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.number}. ${r.title} | ${r.transport} | ${r.messages} | ${r.problems.length === 0 ? 'pass' : `**FAIL**: ${r.problems.join('; ')}`} | ${recoverySummary(r.figures)} |`,
    ),
    '',
  ];
  const byScenario = new Map<string, RunRecord[]>();
  for (const result of results) {
    byScenario.set(result.id, [...(byScenario.get(result.id) ?? []), result]);
  }
  for (const group of byScenario.values()) {
    const first = group[0]!;
    lines.push(`## ${first.number}. ${first.title}`, '', first.description, '');
    const rows = group.map((r) => figureRows(r.figures));
    lines.push(`| figure | ${group.map((r) => r.transport).join(' | ')} |`, `|---|${group.map(() => '---:').join('|')}|`);
    rows[0]!.forEach(([label], i) => lines.push(`| ${label} | ${rows.map((r) => r[i]![1]).join(' | ')} |`));
    lines.push(`| messages | ${group.map((r) => r.messages).join(' | ')} |`);
    lines.push(`| recovery after faults | ${group.map((r) => recoverySummary(r.figures)).join(' | ')} |`);
    lines.push(`| verdict | ${group.map((r) => (r.problems.length === 0 ? 'pass' : `**FAIL**: ${r.problems.join('; ')}`)).join(' | ')} |`);
    lines.push(`| wall time | ${group.map((r) => `${(r.wallMs / 1_000).toFixed(1)} s`).join(' | ')} |`, '');
    for (const r of group) {
      for (const note of r.notes) lines.push(`- ${r.transport}: ${note}`);
    }
    if (group.some((r) => r.notes.length > 0)) lines.push('');
  }
  return lines.join('\n');
}
