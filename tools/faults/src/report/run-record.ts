import { existsSync, readFileSync } from 'node:fs';
import type { ReliabilityFigures } from '../checker/reliability-figures';
import type { ScenarioResult } from '../run/run-scenario';

/** One run as the report keeps it (docs/reliability.json), with the command and date that produced it. */
export interface RunRecord {
  number: number;
  id: string;
  title: string;
  description: string;
  transport: string;
  messages: number;
  figures: ReliabilityFigures;
  problems: string[];
  notes: string[];
  startedAt: string;
  wallMs: number;
  command: string;
  /** The commit the run was made at (`git rev-parse --short HEAD`); absent in records older than this field. */
  commit?: string;
}

export function toRecord(result: ScenarioResult, command: string, commit: string): RunRecord {
  const { scenario } = result;
  return {
    number: scenario.number,
    id: scenario.id,
    title: scenario.title,
    description: scenario.description,
    transport: result.transport,
    messages: result.messages,
    figures: result.figures,
    problems: result.problems,
    notes: result.notes,
    startedAt: result.startedAt.toISOString(),
    wallMs: result.wallMs,
    command,
    commit,
  };
}

/**
 * The records of `file` with `fresh` in place of any earlier run of the same scenario and
 * transport, in scenario order: so the suite can be run in parts (the scenarios that stop a shared
 * server under an exclusive lock, the rest under a shared one) into one report.
 */
export function mergeRecords(file: string, fresh: readonly RunRecord[]): RunRecord[] {
  const earlier: RunRecord[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: RunRecord[] }).runs : [];
  const key = (r: RunRecord) => `${r.id}/${r.transport}`;
  const replaced = new Set(fresh.map(key));
  return [...earlier.filter((r) => !replaced.has(key(r))), ...fresh].sort(
    (a, b) => a.number - b.number || a.transport.localeCompare(b.transport),
  );
}
