import { runScenario, type ScenarioResult } from './run-scenario';
import type { FaultTransport, Scenario } from './scenario';

/**
 * Runs a scenario that states a bound against a control: first the control (the scenario's
 * settings with the control's changes, no fault, nothing promised but that nothing is lost), then
 * the scenario, back to back on the same transport and machine, so the comparison sees the same
 * load. The scenario's result carries the comparison as a note and, beyond the bound, a problem.
 */
export async function runWithControl(scenario: Scenario, transport: FaultTransport, messages: number): Promise<ScenarioResult> {
  const control = scenario.control;
  if (!control) {
    return runScenario(scenario, transport, messages);
  }
  const controlScenario: Scenario = {
    ...scenario,
    id: `${scenario.id}-control`,
    title: `${scenario.title} (control: ${control.description})`,
    settings: (t) => ({ ...(typeof scenario.settings === 'function' ? scenario.settings(t) : scenario.settings), ...control.settings }),
    promises: { minCommitted: 1 },
    control: undefined,
    inject: undefined,
    restore: undefined,
  };
  const baseline = await runScenario(controlScenario, transport, messages);
  const result = await runScenario(scenario, transport, messages);
  const theirs = baseline.figures.latencyP99Ms;
  const ours = result.figures.latencyP99Ms;
  const bound = theirs === null ? null : theirs * control.p99Factor + control.p99SlackMs;
  const ms = (value: number | null) => (value === null ? 'none' : `${Math.round(value)} ms`);
  result.notes.push(
    `latency p99 ${ms(ours)} against ${ms(theirs)} in the control run just before (${control.description}; p50 ${ms(baseline.figures.latencyP50Ms)} there, ${ms(result.figures.latencyP50Ms)} here); bound ${control.p99Factor}× + ${control.p99SlackMs} ms = ${ms(bound)}`,
  );
  if (baseline.problems.length > 0) {
    result.problems.push(`the control run failed: ${baseline.problems.join('; ')}`);
  }
  if (bound === null || ours === null || ours > bound) {
    result.problems.push(
      `latency p99 ${ms(ours)} over ${ms(bound)} (${control.p99Factor}× the control's ${ms(theirs)} + ${control.p99SlackMs} ms)`,
    );
  }
  return result;
}
