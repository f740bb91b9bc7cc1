'use strict';

const { median } = require('./stats');

/** Numbers as a table shows them: large throughputs whole, latencies with two decimals. */
function formatValue(value) {
  if (value === undefined || value === null || !Number.isFinite(value)) {
    return '—';
  }
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** PASS or MISS for a ratio against its goal, in the metric's direction. */
function verdict(ratio, metric) {
  if (metric.goal === undefined || metric.goal === null || !Number.isFinite(ratio)) {
    return '';
  }
  const pass = metric.direction === 'higher' ? ratio >= metric.goal : ratio <= metric.goal;
  return pass ? 'PASS' : 'MISS';
}

function goalText(metric) {
  if (metric.goal === undefined || metric.goal === null) {
    return '—';
  }
  return `${metric.direction === 'higher' ? '≥' : '≤'} ${metric.goal}×`;
}

/**
 * A group's summary from its rounds: per scenario and metric the median of successful rounds,
 * and per candidate and metric the ratio of medians (candidate / baseline) with its verdict.
 */
function summarise(group, runs) {
  const scenarios = runs.map((run) => ({
    name: run.scenario.name,
    baseline: run.scenario.baseline,
    source: run.scenario.source,
    rounds: run.rounds,
    medians: Object.fromEntries(
      group.metrics.map((metric) => {
        const values = run.rounds.filter((round) => round.values).map((round) => round.values[metric.key].value);
        return [metric.key, values.length > 0 ? median(values) : null];
      }),
    ),
  }));
  const baseline = scenarios.find((scenario) => scenario.baseline);
  const comparisons = [];
  for (const candidate of scenarios.filter((scenario) => !scenario.baseline)) {
    for (const metric of group.metrics) {
      const base = baseline?.medians[metric.key];
      const ours = candidate.medians[metric.key];
      const ratio = base && ours !== null ? ours / base : null;
      comparisons.push({
        candidate: candidate.name,
        metric: metric.key,
        label: metric.label ?? metric.key,
        direction: metric.direction,
        baseline: base ?? null,
        value: ours,
        ratio,
        goal: metric.goal ?? null,
        verdict: ratio === null ? '' : verdict(ratio, metric),
      });
    }
  }
  return { name: group.name, title: group.title, metrics: group.metrics, scenarios, comparisons };
}

/** Pads columns of rows (arrays of strings) into aligned lines. */
function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows.map((row) => row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

/** The final table: one line per group, metric and candidate. */
function summaryTable(summaries) {
  const rows = [['group', 'metric', 'better', 'baseline', 'candidate', 'ratio', 'goal', 'verdict', 'candidate scenario']];
  for (const summary of summaries) {
    for (const comparison of summary.comparisons) {
      rows.push([
        summary.name,
        comparison.label,
        comparison.direction,
        formatValue(comparison.baseline),
        formatValue(comparison.value),
        comparison.ratio === null ? '—' : `${comparison.ratio.toFixed(2)}×`,
        goalText(comparison),
        comparison.verdict || '—',
        comparison.candidate,
      ]);
    }
  }
  return table(rows);
}

module.exports = { formatValue, goalText, summarise, summaryTable, table, verdict };
