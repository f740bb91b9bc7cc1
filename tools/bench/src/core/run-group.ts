import { BenchContext } from './context';
import { metricValues, type RegisteredGroup, type RegisteredScenario } from './registry';
import type { BenchSettings } from './settings';
import { summarise, type GroupSummary, type RoundEntry } from './summary';
import { formatValue } from '../output/format';

/** The context of the scenario running now, for Ctrl-C to clean up. */
export let currentContext: BenchContext | undefined;

/**
 * One group: every scenario once per round, the order reversed every other round (a drifting
 * background load hits every system alike), then medians, ratios and goals.
 */
export async function runGroup(
  group: RegisteredGroup,
  scenarios: readonly RegisteredScenario[],
  rounds: number,
  settings: BenchSettings,
): Promise<GroupSummary> {
  console.log(`\n== ${group.name}: ${group.title}`);
  const runs = scenarios.map((scenario) => ({ scenario, rounds: [] as RoundEntry[] }));
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 === 1 ? runs : [...runs].reverse();
    for (const run of order) {
      run.rounds.push(await runOnce(group, run.scenario, round, settings));
    }
  }
  return summarise(group, runs);
}

async function runOnce(group: RegisteredGroup, scenario: RegisteredScenario, round: number, settings: BenchSettings): Promise<RoundEntry> {
  const ctx = new BenchContext(settings);
  currentContext = ctx;
  const started = performance.now();
  let entry: RoundEntry;
  try {
    const result = await scenario.run(ctx);
    entry = {
      round,
      values: metricValues(group, result),
      ...(result.note ? { note: String(result.note) } : {}),
      ...(result.distribution ? { distribution: result.distribution } : {}),
      seconds: 0,
    };
  } catch (error) {
    entry = { round, error: error instanceof Error ? error.message : String(error), seconds: 0 };
  }
  try {
    await ctx.close();
  } catch (error) {
    entry.error ??= `cleanup failed: ${error instanceof Error ? error.message : error}`;
  }
  currentContext = undefined;
  entry.seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  const shown = entry.values
    ? Object.entries(entry.values)
        .map(([key, { value, unit }]) => `${key === 'value' ? '' : `${key} `}${formatValue(value)} ${unit}`)
        .join(', ')
    : `ERROR ${entry.error}`;
  const note = entry.note ? `; ${entry.note}` : '';
  console.log(
    `  round ${round}  ${scenario.baseline ? 'baseline ' : 'candidate'}  ${scenario.name}: ${shown}  (${entry.seconds} s${note})`,
  );
  return entry;
}
