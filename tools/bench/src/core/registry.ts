import type { GroupDefinition, MetricValue, Scenario, ScenarioModule, ScenarioResult } from './scenario';

/** A group as the runner holds it: where it came from, with defaults filled in. */
export interface RegisteredGroup extends GroupDefinition {
  source: string;
}

export interface RegisteredScenario extends Scenario {
  source: string;
}

export interface Registry {
  groups: RegisteredGroup[];
  scenarios: RegisteredScenario[];
  sources: string[];
}

/**
 * Every benchmark scenario in one list, from modules named by source: a module contributes
 * `{ groups?, scenarios }`. A group holds one baseline at most and any number of candidates;
 * a scenario naming a group nobody declared gets a one-metric group from its own optional
 * `direction`, `goal` and `title`.
 */
export function buildRegistry(modules: ReadonlyArray<{ source: string; module: ScenarioModule }>): Registry {
  const groups = new Map<string, RegisteredGroup>();
  const scenarios: RegisteredScenario[] = [];
  for (const { source, module } of modules) {
    for (const group of module.groups ?? []) {
      addGroup(groups, group, source);
    }
    for (const scenario of module.scenarios) {
      if (!groups.has(scenario.group)) {
        addGroup(groups, groupFromScenario(scenario), source);
      }
      scenarios.push({ ...scenario, source });
    }
  }
  for (const group of groups.values()) {
    const baselines = scenarios.filter((scenario) => scenario.group === group.name && scenario.baseline);
    if (baselines.length > 1) {
      throw new Error(`group ${group.name} has ${baselines.length} baselines; one at most`);
    }
  }
  return { groups: [...groups.values()], scenarios, sources: modules.map((entry) => entry.source) };
}

function addGroup(groups: Map<string, RegisteredGroup>, group: GroupDefinition, source: string): void {
  if (group.metrics.length === 0) {
    throw new Error(`${source}: group ${group.name} has no metrics`);
  }
  if (groups.has(group.name)) {
    throw new Error(`${source}: group ${group.name} is declared twice`);
  }
  groups.set(group.name, { ...group, source });
}

function groupFromScenario(scenario: Scenario): GroupDefinition {
  return {
    name: scenario.group,
    title: scenario.title ?? scenario.group,
    metrics: [{ key: 'value', label: 'value', direction: scenario.direction ?? 'higher', goal: scenario.goal ?? null }],
  };
}

/** The metric values of one run's result, keyed as the group declares them. */
export function metricValues(group: GroupDefinition, result: ScenarioResult): Record<string, MetricValue> {
  const values: Record<string, MetricValue> = {};
  for (const metric of group.metrics) {
    const entry = result.metrics
      ? result.metrics[metric.key]
      : metric.key === 'value' || group.metrics.length === 1
        ? { value: result.value as number, unit: result.unit ?? '' }
        : undefined;
    if (!entry || typeof entry.value !== 'number' || !Number.isFinite(entry.value)) {
      throw new Error(`the result has no finite value for metric ${metric.key}: ${JSON.stringify(result)}`);
    }
    values[metric.key] = { value: entry.value, unit: entry.unit ?? '' };
  }
  return values;
}
