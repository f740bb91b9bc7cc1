#!/usr/bin/env node
/**
 * `npm run test:faults:soak`: scenario 15, a long run (30 minutes by default, `-- --minutes 5` for
 * less) with a random fault every two minutes, counted by the same checker. Prints the figures and
 * the 30-second samples (RSS, table sizes, NOTIFY queue usage); exits 1 when the verdict fails.
 * Never part of `npm test`.
 */
import { Command, InvalidArgumentError } from 'commander';
import { figureRows, recoverySummary } from './report/figure-rows';
import { runScenario } from './run/run-scenario';
import { soak } from './scenarios/soak.scenario';

const program = new Command()
  .name('test:faults:soak')
  .option(
    '--minutes <m>',
    'how long to publish',
    (text) => {
      const value = Number(text);
      if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('a positive number');
      return value;
    },
    30,
  )
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const scenario = soak(program.opts<{ minutes: number }>().minutes);
  const result = await runScenario(scenario, 'postgres', scenario.messages.full);
  console.log(`${scenario.title}: ${result.problems.length === 0 ? 'PASS' : `FAIL (${result.problems.join('; ')})`}`);
  for (const [label, value] of figureRows(result.figures))
    console.log(`  ${label.replace(/\*\*/g, '').padEnd(50)} ${value.replace(/\*\*/g, '')}`);
  console.log(`  ${'recovery'.padEnd(50)} ${recoverySummary(result.figures)}`);
  for (const fault of result.figures.faults)
    console.log(`  fault ${fault.startedAt.toISOString()} ${fault.name}: recovered in ${Math.round(fault.recoveryMs)} ms`);
  for (const note of result.notes) console.log(`  ${note}`);
  process.exitCode = result.problems.length === 0 ? 0 : 1;
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exitCode = 1;
});
