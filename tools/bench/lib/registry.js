'use strict';

const { readdirSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Every benchmark scenario, in one list. A module contributes `{ groups?, scenarios }`:
 *
 *   scenario: { name, group, baseline: boolean, run: async (ctx) => ({ value, unit }) }
 *             (a group with several metrics returns { metrics: { <key>: { value, unit } } };
 *             an optional `note` string is printed beside the round and kept in the result file)
 *   group:    { name, title, metrics: [{ key, label, direction: 'higher' | 'lower', goal }] }
 *
 * A group holds one baseline and any number of candidates (Tenaz today, other systems later);
 * each candidate is compared with the baseline as candidate / baseline. `direction` says which
 * way is better: 'higher' passes when the ratio is at least `goal`, 'lower' when at most `goal`.
 * A scenario naming a group nobody declared gets a one-metric group from its own optional
 * `direction`, `goal` and `title` fields.
 */
const BUILT_IN = ['./scenarios/publish.bench.js', './scenarios/drain.bench.js', './scenarios/latency.bench.js'];

/**
 * Other systems' modules sit beside run.js as `<name>.bench.js` (`rabbitmq.bench.js` from the
 * RabbitMQ transport, `notifications.bench.js` from the service) and are loaded when present.
 */
function contributedModules(root) {
  return readdirSync(root)
    .filter((file) => file.endsWith('.bench.js'))
    .sort()
    .map((file) => `./${file}`);
}

function loadRegistry(root = join(__dirname, '..')) {
  const groups = new Map();
  const scenarios = [];
  const sources = [...BUILT_IN, ...contributedModules(root)];
  for (const source of sources) {
    const contributed = require(join(root, source));
    if (!contributed || !Array.isArray(contributed.scenarios)) {
      throw new Error(`${source} must export { scenarios: [...] }`);
    }
    for (const group of contributed.groups ?? []) {
      addGroup(groups, group, source);
    }
    for (const scenario of contributed.scenarios) {
      checkScenario(scenario, source);
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
  return { groups: [...groups.values()], scenarios, sources };
}

function addGroup(groups, group, source) {
  const problems = [];
  if (typeof group?.name !== 'string' || group.name === '') problems.push('name');
  if (!Array.isArray(group?.metrics) || group.metrics.length === 0) problems.push('metrics');
  for (const metric of group?.metrics ?? []) {
    if (typeof metric.key !== 'string') problems.push('metrics[].key');
    if (metric.direction !== 'higher' && metric.direction !== 'lower') problems.push(`metrics[${metric.key}].direction: 'higher' or 'lower'`);
    if (metric.goal !== undefined && metric.goal !== null && typeof metric.goal !== 'number') problems.push(`metrics[${metric.key}].goal`);
  }
  if (problems.length > 0) {
    throw new Error(`${source}: group ${group?.name ?? '?'} is malformed: ${problems.join(', ')}`);
  }
  if (groups.has(group.name)) {
    throw new Error(`${source}: group ${group.name} is declared twice`);
  }
  groups.set(group.name, { title: group.name, ...group, source });
}

function groupFromScenario(scenario) {
  return {
    name: scenario.group,
    title: scenario.title ?? scenario.group,
    metrics: [{ key: 'value', label: 'value', direction: scenario.direction ?? 'higher', goal: scenario.goal ?? null }],
  };
}

function checkScenario(scenario, source) {
  const problems = [];
  if (typeof scenario?.name !== 'string' || scenario.name === '') problems.push('name');
  if (typeof scenario?.group !== 'string' || scenario.group === '') problems.push('group');
  if (typeof scenario?.baseline !== 'boolean') problems.push('baseline (boolean)');
  if (typeof scenario?.run !== 'function') problems.push('run (async function)');
  if (problems.length > 0) {
    throw new Error(`${source}: scenario ${scenario?.name ?? '?'} is malformed: ${problems.join(', ')}`);
  }
}

/** The metric values of one run's result, keyed as the group declares them. */
function metricValues(group, result) {
  const values = {};
  for (const metric of group.metrics) {
    const entry = result.metrics ? result.metrics[metric.key] : metric.key === 'value' || group.metrics.length === 1 ? result : undefined;
    if (!entry || typeof entry.value !== 'number' || !Number.isFinite(entry.value)) {
      throw new Error(`the result has no finite value for metric ${metric.key}: ${JSON.stringify(result)}`);
    }
    values[metric.key] = { value: entry.value, unit: entry.unit ?? '' };
  }
  return values;
}

module.exports = { loadRegistry, metricValues };
