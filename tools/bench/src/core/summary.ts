import type { Direction, GoalDefinition, MetricDefinition, MetricValue, Scenario, SystemInfo } from './scenario';
import { median } from './stats';

/** One round of one scenario, as the result file keeps it. */
export interface RoundEntry {
  round: number;
  values?: Record<string, MetricValue>;
  note?: string;
  distribution?: Record<string, number>;
  error?: string;
  seconds: number;
}

export interface ScenarioSummary {
  name: string;
  baseline: boolean;
  source: string;
  system?: SystemInfo;
  rounds: RoundEntry[];
  /** Per metric: the median of the successful rounds, null when none succeeded. */
  medians: Record<string, number | null>;
  /** Per metric: smallest and largest successful round. */
  ranges: Record<string, { min: number; max: number } | null>;
  /** The latency percentiles of the round whose p50 is the median one (for the charts). */
  distribution?: Record<string, number>;
}

/** One candidate against its references on one metric. */
export interface Comparison {
  candidate: string;
  system?: string;
  metric: string;
  label: string;
  direction: Direction;
  baseline: number | null;
  value: number | null;
  /** candidate / baseline (the raw system of the candidate's family when the group has one). */
  ratio: number | null;
  /** The reference the ratio is taken against. */
  against?: string;
  /** candidate / Tenaz of its family (Tenaz on PostgreSQL for families without a Tenaz transport). */
  ratioToTenaz?: number | null;
  tenaz?: string;
  goal: number | null;
  verdict: '' | 'PASS' | 'MISS';
}

export interface GoalCheck {
  text: string;
  metric: string;
  /** The measured ratio (or value, for an absolute limit). */
  measured: number | null;
  /** Whether `measured` is a value against an absolute limit rather than a ratio. */
  absolute: boolean;
  /** The threshold: a ratio, or the limit. */
  threshold: number | null;
  verdict: 'met' | 'missed' | 'not measured';
  subjectValue: number | null;
  referenceValue: number | null;
}

export interface GroupSummary {
  name: string;
  title: string;
  metrics: MetricDefinition[];
  scenarios: ScenarioSummary[];
  comparisons: Comparison[];
  goals: GoalCheck[];
}

/** PASS or MISS for a ratio against its goal, in the metric's direction. */
export function verdict(ratio: number, goal: number | null | undefined, direction: Direction): '' | 'PASS' | 'MISS' {
  if (goal === undefined || goal === null || !Number.isFinite(ratio)) {
    return '';
  }
  return (direction === 'higher' ? ratio >= goal : ratio <= goal) ? 'PASS' : 'MISS';
}

function summariseScenario(
  metrics: readonly MetricDefinition[],
  scenario: Scenario & { source: string },
  rounds: RoundEntry[],
): ScenarioSummary {
  const ok = rounds.filter((round) => round.values);
  const medians: ScenarioSummary['medians'] = {};
  const ranges: ScenarioSummary['ranges'] = {};
  for (const metric of metrics) {
    const values = ok.map((round) => round.values![metric.key].value);
    medians[metric.key] = values.length > 0 ? median(values) : null;
    ranges[metric.key] = values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : null;
  }
  const withDistribution = ok.filter((round) => round.distribution);
  const middle = [...withDistribution].sort((a, b) => (a.distribution!['p50'] ?? 0) - (b.distribution!['p50'] ?? 0))[
    Math.floor(withDistribution.length / 2)
  ];
  return {
    name: scenario.name,
    baseline: scenario.baseline,
    source: scenario.source,
    ...(scenario.system ? { system: scenario.system } : {}),
    rounds,
    medians,
    ranges,
    ...(middle?.distribution ? { distribution: middle.distribution } : {}),
  };
}

/**
 * A group's summary from its rounds: medians and ranges per scenario and metric; per candidate
 * and metric the ratio of medians against the raw system of its family (else the group's
 * baseline) and against Tenaz; and the group's goals as met or missed.
 */
export function summarise(
  group: { name: string; title: string; metrics: MetricDefinition[]; goals?: GoalDefinition[] },
  runs: ReadonlyArray<{ scenario: Scenario & { source: string }; rounds: RoundEntry[] }>,
): GroupSummary {
  const scenarios = runs.map((run) => summariseScenario(group.metrics, run.scenario, run.rounds));
  const baseline = scenarios.find((scenario) => scenario.baseline);
  const raw = (family: string) =>
    scenarios.find((scenario) => scenario.system?.role === 'raw' && scenario.system.family === family) ?? baseline;
  const tenaz = (family: string) =>
    scenarios.find((scenario) => scenario.system?.role === 'tenaz' && scenario.system.family === family) ??
    scenarios.find((scenario) => scenario.system?.id === 'tenaz-postgres');
  const ratioOf = (value: number | null, reference: number | null | undefined) => (value !== null && reference ? value / reference : null);

  const comparisons: Comparison[] = [];
  for (const candidate of scenarios.filter((scenario) => !scenario.baseline)) {
    const family = candidate.system?.family ?? '';
    const reference = candidate.system ? raw(family) : baseline;
    const tenazReference = candidate.system && candidate.system.role !== 'tenaz' ? tenaz(family) : undefined;
    for (const metric of group.metrics) {
      const value = candidate.medians[metric.key];
      const base = reference && reference !== candidate ? (reference.medians[metric.key] ?? null) : null;
      const ratio = ratioOf(value, base);
      const goal = candidate.system ? null : (metric.goal ?? null);
      comparisons.push({
        candidate: candidate.name,
        ...(candidate.system ? { system: candidate.system.id } : {}),
        metric: metric.key,
        label: metric.label,
        direction: metric.direction,
        baseline: base,
        value,
        ratio,
        ...(reference && reference !== candidate ? { against: reference.system?.label ?? reference.name } : {}),
        ...(tenazReference
          ? { ratioToTenaz: ratioOf(value, tenazReference.medians[metric.key]), tenaz: tenazReference.system?.label }
          : {}),
        goal,
        verdict: ratio === null ? '' : verdict(ratio, goal, metric.direction),
      });
    }
  }
  const bySystem = (id: string) => scenarios.find((scenario) => scenario.system?.id === id);
  const goals = (group.goals ?? []).map((goal): GoalCheck => {
    const subjectValue = bySystem(goal.subject)?.medians[goal.metric] ?? null;
    const referenceValue = goal.against ? (bySystem(goal.against)?.medians[goal.metric] ?? null) : null;
    const measured = goal.limit !== undefined ? subjectValue : ratioOf(subjectValue, referenceValue);
    const threshold = goal.limit ?? goal.ratio;
    const met =
      measured === null || threshold === undefined ? null : goal.direction === 'higher' ? measured >= threshold : measured <= threshold;
    return {
      text: goal.text,
      metric: goal.metric,
      measured,
      absolute: goal.limit !== undefined,
      threshold: threshold ?? null,
      verdict: met === null ? 'not measured' : met ? 'met' : 'missed',
      subjectValue,
      referenceValue,
    };
  });
  return { name: group.name, title: group.title, metrics: group.metrics, scenarios, comparisons, goals };
}
