#!/usr/bin/env node
/**
 * `npm run test:faults:soak`: scenario 15, a long run (30 minutes by default, `-- --minutes 5` for
 * less; `-- --transport rabbitmq` for RabbitMQ through the outbox) with a random fault every two
 * minutes, counted by the same checker. Prints the figures, the 30-second samples (RSS, each
 * table's size, NOTIFY queue usage) and the flatness verdict; exits 1 when the verdict fails.
 * Never part of `npm test`.
 */
import { Command, InvalidArgumentError } from 'commander';
import { figureRows, recoverySummary } from './report/figure-rows';
import { runScenario } from './run/run-scenario';
import type { FaultTransport } from './run/scenario';
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
  .option('--transport <name>', 'postgres or rabbitmq (every message through the outbox to a node of the run’s own)', 'postgres')
  .showHelpAfterError();

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<{ minutes: number; transport: string }>();
  if (options.transport !== 'postgres' && options.transport !== 'rabbitmq') {
    program.error(`--transport: postgres or rabbitmq, not ${options.transport}`);
  }
  const transport = options.transport as FaultTransport;
  const scenario = soak(options.minutes, transport);
  const result = await runScenario(scenario, transport, scenario.messages.full);
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
