#!/usr/bin/env node
/**
 * `npm run test:faults`: the counting fault suite (issue 9). Runs every scenario on every transport
 * it applies to at full size, prints each run's figures, and exits 1 when any run failed its
 * verdict. `-- --report` rewrites docs/reliability.md; `-- --quick` uses the small sizes of
 * `npm test`; `-- --only sigkill,poison` and `-- --transport postgres` narrow the run. Scenarios that
 * stop or alarm the shared RabbitMQ restore it; run the suite under
 * `flock -x /tmp/tenaz-servers.lock` on a shared machine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { environmentVersions, WORKSPACE } from './report/environment';
import { figureRows, recoverySummary } from './report/figure-rows';
import { reliabilityMarkdown } from './report/reliability-markdown';
import { mergeRecords, toRecord } from './report/run-record';
import type { ScenarioResult } from './run/run-scenario';
import { runWithControl } from './run/run-with-control';
import type { FaultTransport } from './run/scenario';
import { SCENARIOS } from './scenarios/catalog';

const program = new Command()
  .name('test:faults')
  .description('the counting fault suite: real faults under load, every message counted')
  .option('--report', 'rewrite docs/reliability.md with this run')
  .option('--quick', 'the small sizes of npm test')
  .option('--only <ids>', `comma-separated scenario ids (${SCENARIOS.map((s) => s.id).join(', ')})`)
  .option('--transport <name>', 'postgres or rabbitmq only')
  .showHelpAfterError();

function print(result: ScenarioResult): void {
  const verdict = result.problems.length === 0 ? 'PASS' : `FAIL (${result.problems.join('; ')})`;
  console.log(`\n${result.scenario.number}. ${result.scenario.title} [${result.transport}, ${result.messages} messages]: ${verdict}`);
  for (const [label, value] of figureRows(result.figures))
    console.log(`  ${label.replace(/\*\*/g, '').padEnd(50)} ${value.replace(/\*\*/g, '')}`);
  console.log(`  ${'recovery'.padEnd(50)} ${recoverySummary(result.figures)}`);
  for (const note of result.notes) console.log(`  note: ${note}`);
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<{ report?: boolean; quick?: boolean; only?: string; transport?: FaultTransport }>();
  const only = options.only?.split(',').map((id) => id.trim());
  const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    program.error(`unknown scenario(s): ${unknown.join(', ')}`);
  }
  const date = new Date();
  const results: ScenarioResult[] = [];
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
    for (const transport of scenario.transports.filter((t) => !options.transport || t === options.transport)) {
      const messages = options.quick ? scenario.messages.quick : scenario.messages.full;
      console.log(`running ${scenario.number}. ${scenario.id} on ${transport} (${messages} messages)…`);
      const result = await runWithControl(scenario, transport, messages);
      results.push(result);
      print(result);
    }
  }
  const failed = results.filter((r) => r.problems.length > 0);
  console.log(`\n${results.length - failed.length} of ${results.length} runs passed`);
  if (options.report) {
    const command = `npm run test:faults -- ${process.argv.slice(2).join(' ')}`.trim();
    const file = join(WORKSPACE, 'docs', 'reliability.json');
    const versions = await environmentVersions();
    const runs = mergeRecords(
      file,
      results.map((result) => toRecord(result, command, versions['commit'] ?? 'unknown')),
    );
    writeFileSync(file, `${JSON.stringify({ versions, runs }, null, 2)}\n`);
    writeFileSync(join(WORKSPACE, 'docs', 'reliability.md'), `${reliabilityMarkdown(runs, { date, versions })}\n`);
    console.log('wrote docs/reliability.md and docs/reliability.json');
  }
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exitCode = 1;
});
