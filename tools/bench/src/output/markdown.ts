import type { GroupSummary, ScenarioSummary } from '../core/summary';
import { formatRatio, formatValue, goalText } from './format';

/** What the Markdown report says about the run as a whole. */
export interface RunDescription {
  startedAt: Date;
  finishedAt: Date;
  command: string;
  commit: string;
  rounds: number;
  settings: Record<string, unknown>;
  environment: { postgres: string; node: string; cpus: number; loadStart: number[]; loadEnd?: number[] };
  charts: string[];
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function medianWithRange(scenario: ScenarioSummary, metric: string): string {
  const value = scenario.medians[metric];
  const range = scenario.ranges[metric];
  if (value === null) {
    const error = scenario.rounds.find((round) => round.error)?.error;
    return error ? `failed: ${cell(error.split(':')[0].slice(0, 60))}` : '—';
  }
  return range && range.min !== range.max
    ? `${formatValue(value)} (${formatValue(range.min)}–${formatValue(range.max)})`
    : formatValue(value);
}

/** Goals as checks: met or missed, with the measured ratio (or value) and both medians. */
function goalsSection(summaries: readonly GroupSummary[]): string[] {
  const goals = summaries.flatMap((summary) => summary.goals.map((goal) => ({ group: summary.name, ...goal })));
  if (goals.length === 0) {
    return [];
  }
  const verdicts = { met: '**met**', missed: '**missed**', 'not measured': 'not measured' };
  return [
    '## Goals of issue 10',
    '',
    `${goals.filter((goal) => goal.verdict === 'met').length} of ${goals.length} met in this run.`,
    '',
    '| group | goal | measured | threshold | subject median | reference median | verdict |',
    '|---|---|---:|---:|---:|---:|---|',
    ...goals.map(
      (goal) =>
        `| ${goal.group} | ${cell(goal.text)} | ${goal.absolute ? formatValue(goal.measured) : formatRatio(goal.measured)} | ${goal.absolute ? formatValue(goal.threshold) : formatRatio(goal.threshold)} | ${formatValue(goal.subjectValue)} | ${goal.absolute ? '—' : formatValue(goal.referenceValue)} | ${verdicts[goal.verdict]} |`,
    ),
    '',
  ];
}

/** A comparison group: one row per system, each metric's median (min–max) and its ratios. */
function systemsTable(summary: GroupSummary): string[] {
  const header = ['system', ...summary.metrics.flatMap((metric) => [`${metric.label}`, `× raw`, `× Tenaz`])];
  const rows = summary.scenarios.map((scenario) => {
    const cells = summary.metrics.flatMap((metric) => {
      const comparison = summary.comparisons.find((entry) => entry.candidate === scenario.name && entry.metric === metric.key);
      return [
        medianWithRange(scenario, metric.key),
        scenario.baseline || scenario.system?.role === 'raw' ? '1.00× (raw)' : formatRatio(comparison?.ratio),
        scenario.system?.role === 'tenaz' ? '1.00×' : formatRatio(comparison?.ratioToTenaz),
      ];
    });
    return `| ${cell(scenario.system?.label ?? scenario.name)} | ${cells.join(' | ')} |`;
  });
  const notes = summary.scenarios.flatMap((scenario) =>
    scenario.rounds
      .filter((round) => round.note?.startsWith('deadline'))
      .slice(0, 1)
      .map((round) => `- ${scenario.system?.label ?? scenario.name}: ${round.note}`),
  );
  return [
    `| ${header.join(' | ')} |`,
    `|---|${summary.metrics.map(() => '---:|---:|---:|').join('')}`,
    ...rows,
    '',
    ...notes,
    ...(notes.length ? [''] : []),
  ];
}

/** A raw-versus-Tenaz group: one row per candidate and metric, as the console prints it. */
function pairsTable(summary: GroupSummary): string[] {
  const baseline = summary.scenarios.find((scenario) => scenario.baseline);
  return [
    `| candidate | metric | baseline | candidate | ratio | goal | verdict |`,
    '|---|---|---:|---:|---:|---|---|',
    ...summary.comparisons.map((comparison) => {
      const candidate = summary.scenarios.find((scenario) => scenario.name === comparison.candidate)!;
      const base = baseline ? medianWithRange(baseline, comparison.metric) : '—';
      return `| ${cell(comparison.candidate)} | ${cell(comparison.label)} | ${base} | ${medianWithRange(candidate, comparison.metric)} | ${formatRatio(comparison.ratio)} | ${goalText(comparison.goal, comparison.direction)} | ${comparison.verdict || '—'} |`;
    }),
    '',
    `Baseline: ${cell(baseline?.name ?? '—')}.`,
    '',
    ...summary.scenarios.flatMap((scenario) =>
      scenario.rounds
        .filter((round) => round.note?.includes('backends'))
        .map((round) => `- ${cell(scenario.name)}, round ${round.round}: ${cell(round.note!)}`),
    ),
    '',
  ];
}

/** The whole report of one run, in Markdown. */
export function markdownReport(summaries: readonly GroupSummary[], run: RunDescription): string {
  const systems = new Map(
    summaries.flatMap((summary) =>
      summary.scenarios.flatMap((scenario) => (scenario.system ? [[scenario.system.id, scenario.system] as const] : [])),
    ),
  );
  const lines = [
    '# Benchmark run',
    '',
    `${run.startedAt.toISOString()} to ${run.finishedAt.toISOString()}, commit \`${run.commit}\`, ${run.environment.cpus} CPUs, ${run.environment.postgres}, Node ${run.environment.node}; ` +
      `load average ${run.environment.loadStart.join(' ')} at the start, ${run.environment.loadEnd?.join(' ') ?? '?'} at the end.`,
    '',
    '```sh',
    run.command,
    '```',
    '',
    `Medians of ${run.rounds} interleaved round${run.rounds > 1 ? 's' : ''} (min–max in brackets); settings ${'`'}${JSON.stringify(run.settings)}${'`'}. ` +
      '“× raw” is the ratio to the raw baseline of the same family (raw SQL for the PostgreSQL systems and BullMQ, raw amqplib for the RabbitMQ ones); ' +
      '“× Tenaz” to Tenaz of the same family (Tenaz on PostgreSQL for BullMQ). For latency and memory, lower is better.',
    '',
    ...goalsSection(summaries),
    ...(run.charts.length ? ['## Charts', '', ...run.charts.map((chart) => `![${chart}](${chart})`), ''] : []),
    '## Results',
    '',
    ...summaries.flatMap((summary) => [
      `### ${summary.name}: ${cell(summary.title)}`,
      '',
      ...(summary.scenarios.some((scenario) => scenario.system) ? systemsTable(summary) : pairsTable(summary)),
    ]),
    ...(systems.size
      ? [
          '## Systems and their settings',
          '',
          '| system | settings |',
          '|---|---|',
          ...[...systems.values()].map((system) => `| ${cell(system.label)} | ${cell(system.settings)} |`),
          '',
        ]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
