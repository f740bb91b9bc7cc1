import type { BenchContext } from './context';

/** Which way a metric is better. */
export type Direction = 'higher' | 'lower';

/** One number a group reports per run, e.g. messages/s or p99 ms. */
export interface MetricDefinition {
  key: string;
  label: string;
  direction: Direction;
  /** The goal for the candidate / baseline ratio of groups with one candidate (older groups). */
  goal?: number | null;
}

/**
 * A goal of the issue as a check on one run: `subject`'s median against `against`'s
 * (a ratio, `ratio`) or against an absolute `limit`, in the metric's direction.
 */
export interface GoalDefinition {
  text: string;
  metric: string;
  subject: string;
  against?: string;
  ratio?: number;
  limit?: number;
  direction: Direction;
}

/** A set of scenarios measured against each other: one baseline, any number of candidates. */
export interface GroupDefinition {
  name: string;
  title: string;
  metrics: MetricDefinition[];
  goals?: GoalDefinition[];
}

export interface MetricValue {
  value: number;
  unit: string;
}

/** What one run of a scenario returns: one value, or one per metric key. */
export interface ScenarioResult {
  value?: number;
  unit?: string;
  metrics?: Record<string, MetricValue>;
  /** Printed beside the round and kept in the result file. */
  note?: string;
  /** Latency percentiles of the run (ms by "p50" etc.), for the charts. */
  distribution?: Record<string, number>;
}

/** Families of systems: a candidate's raw reference is the raw system of its family. */
export type Family = 'postgres' | 'rabbitmq' | 'redis';

/** The system a scenario measures, for the comparison tables and goals. */
export interface SystemInfo {
  id: string;
  label: string;
  family: Family;
  role: 'raw' | 'tenaz' | 'alternative';
  /** The settings it runs with, in words (the report lists them). */
  settings: string;
}

export interface Scenario {
  name: string;
  group: string;
  baseline: boolean;
  system?: SystemInfo;
  run(ctx: BenchContext): Promise<ScenarioResult>;
  /** For groups nobody declared: a one-metric group from these. */
  title?: string;
  direction?: Direction;
  goal?: number | null;
}

/** What a scenario module contributes to the registry. */
export interface ScenarioModule {
  groups?: GroupDefinition[];
  scenarios: Scenario[];
}
