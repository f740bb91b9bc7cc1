import type { GroupSummary } from '../core/summary';
import { formatRatio, formatValue, goalText, table } from './format';

/** The final console table: one line per group, metric and candidate; then the goals. */
export function summaryTable(summaries: readonly GroupSummary[]): string {
  const rows: string[][] = [
    ['group', 'metric', 'better', 'reference', 'candidate', 'ratio', '× Tenaz', 'goal', 'verdict', 'candidate scenario'],
  ];
  for (const summary of summaries) {
    for (const comparison of summary.comparisons) {
      rows.push([
        summary.name,
        comparison.label,
        comparison.direction,
        formatValue(comparison.baseline),
        formatValue(comparison.value),
        formatRatio(comparison.ratio),
        comparison.ratioToTenaz === undefined ? '' : formatRatio(comparison.ratioToTenaz),
        goalText(comparison.goal, comparison.direction),
        comparison.verdict || '—',
        comparison.candidate,
      ]);
    }
  }
  const goals = summaries.flatMap((summary) =>
    summary.goals.map((goal) => [
      summary.name,
      goal.text,
      goal.measured === null ? '—' : goal.absolute ? formatValue(goal.measured) : formatRatio(goal.measured),
      goal.verdict,
    ]),
  );
  return goals.length > 0
    ? `${table(rows)}\n\ngoals of issue 10\n\n${table([['group', 'goal', 'measured', 'verdict'], ...goals])}`
    : table(rows);
}
