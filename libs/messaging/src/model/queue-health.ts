import { percentileOf } from './latency-histogram';

/** What a transport can tell about a queue now: its backlog and what consumers hold. */
export interface QueueDepth {
  /** Messages due and waiting. */
  pending: number;
  /** Messages held by live consumers (buffered or running). */
  processing: number;
  deadLettered: number;
  /** How long the oldest due message has waited since it became due; 0 when none waits. */
  oldestPendingAgeMs: number;
  /** Set while the broker refuses this queue's publishes (a RabbitMQ resource alarm): its reason. */
  blocked?: string;
}

/** What happened to a queue over a window, summed over every instance (see QueueStatistics). */
export interface QueueFigures {
  published: number;
  /** Attempts with an outcome: completed, retried or dead-lettered. */
  attempts: number;
  failedAttempts: number;
  completed: number;
  deadLettered: number;
  /** Processing time summed over completed attempts. */
  processingMsTotal: number;
  /** Counts per latency bucket (latency-histogram.ts) of completed attempts. */
  processingHistogram: readonly number[];
  endToEndHistogram: readonly number[];
}

/** Percentiles of a latency, in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The queue's condition in one word: `ok`; `breaching` its SLA; `stuck`, messages waiting past the
 * SLA while nothing completes (no consumer, or every one wedged); `idle`, nothing waiting and
 * nothing happening.
 */
export type QueueState = 'ok' | 'breaching' | 'stuck' | 'idle';

/** A queue's health as `messaging.health(queue)` reports it. */
export interface QueueHealth extends QueueDepth {
  queue: string;
  transport: string;
  slaMs: number;
  /** The window the rates, latencies and failure rate cover. */
  windowMs: number;
  avgProcessingMs: number;
  p95EndToEndMs: number;
  /** Failed attempts over attempts in the window. */
  failureRate: number;
  throughput: { publishedPerSecond: number; completedPerSecond: number };
  /** From hand-over to the handler until its outcome, completed attempts. */
  processingMs: LatencyPercentiles;
  /** From due to completion, completed messages. */
  endToEndMs: LatencyPercentiles;
  /**
   * True when nothing due has waited longer than the SLA, the p95 end-to-end time and the average
   * processing time are within it, and no message was dead-lettered in the window (a dead letter
   * is a message the queue did not handle within its SLA).
   */
  slaCompliant: boolean;
  state: QueueState;
  /** One sentence for an operator: why the state is what it is. */
  reason: string;
  /** True while the broker blocks publishing to this queue (a resource alarm); see `blockedReason`. */
  publishBlocked: boolean;
  blockedReason?: string;
}

/**
 * The health of a queue from its depth and its window's figures. The customer's sketch compares
 * average processing time with the SLA; that hides a growing backlog and a slow tail, so the
 * verdict also looks at the oldest due message, the p95 end-to-end time and dead letters. A queue
 * with no traffic is compliant.
 */
export function queueHealth(
  queue: { name: string; transport: string; slaMs: number },
  windowMs: number,
  depth: QueueDepth,
  figures: QueueFigures,
): QueueHealth {
  const seconds = windowMs / 1_000;
  const endToEndMs = latencyPercentiles(figures.endToEndHistogram);
  const avgProcessingMs = figures.completed === 0 ? 0 : round(figures.processingMsTotal / figures.completed);
  const health = {
    queue: queue.name,
    transport: queue.transport,
    slaMs: queue.slaMs,
    windowMs,
    ...depth,
    avgProcessingMs,
    p95EndToEndMs: endToEndMs.p95,
    failureRate: figures.attempts === 0 ? 0 : figures.failedAttempts / figures.attempts,
    throughput: { publishedPerSecond: round(figures.published / seconds), completedPerSecond: round(figures.completed / seconds) },
    processingMs: latencyPercentiles(figures.processingHistogram),
    endToEndMs,
  };
  const verdict = stateOf(health, figures);
  const { blocked, ...rest } = health;
  const reason = blocked === undefined ? verdict.reason : `Publishing is blocked by the broker (${blocked}). ${verdict.reason}`;
  return {
    ...rest,
    slaCompliant: verdict.breaches.length === 0,
    state: verdict.state,
    reason,
    publishBlocked: blocked !== undefined,
    ...(blocked === undefined ? {} : { blockedReason: blocked }),
  };
}

function stateOf(
  health: Omit<QueueHealth, 'slaCompliant' | 'state' | 'reason' | 'publishBlocked'>,
  figures: QueueFigures,
): { state: QueueState; reason: string; breaches: string[] } {
  const { slaMs, windowMs } = health;
  const window = `the last ${formatMs(windowMs)}`;
  const breaches: string[] = [];
  if (health.oldestPendingAgeMs > slaMs) {
    breaches.push(`the oldest due message has waited ${formatMs(health.oldestPendingAgeMs)} (SLA ${formatMs(slaMs)})`);
  }
  if (health.p95EndToEndMs > slaMs) {
    breaches.push(`p95 end-to-end over ${window} is ${formatMs(health.p95EndToEndMs)} (SLA ${formatMs(slaMs)})`);
  }
  if (health.avgProcessingMs > slaMs) {
    breaches.push(`average processing over ${window} is ${formatMs(health.avgProcessingMs)} (SLA ${formatMs(slaMs)})`);
  }
  if (figures.deadLettered > 0) {
    breaches.push(`${figures.deadLettered} message${figures.deadLettered === 1 ? ' was' : 's were'} dead-lettered in ${window}`);
  }
  if (health.pending > 0 && health.oldestPendingAgeMs > slaMs && figures.completed === 0) {
    return {
      state: 'stuck',
      reason: `${health.pending} due message${health.pending === 1 ? '' : 's'} waiting, the oldest for ${formatMs(health.oldestPendingAgeMs)}, and none completed in ${window}`,
      breaches,
    };
  }
  if (breaches.length > 0) {
    return { state: 'breaching', reason: capitalise(breaches.join('; ')), breaches };
  }
  if (health.pending === 0 && health.processing === 0 && figures.attempts === 0 && figures.published === 0) {
    return { state: 'idle', reason: `Nothing waiting and nothing handled in ${window}`, breaches };
  }
  return {
    state: 'ok',
    reason: `Within its SLA of ${formatMs(slaMs)}: p95 end-to-end ${formatMs(health.p95EndToEndMs)}, oldest due message ${formatMs(health.oldestPendingAgeMs)}`,
    breaches,
  };
}

/** p50, p95 and p99 of a latency histogram (latency-histogram.ts), to 0.01 ms; zeros when it is empty. */
export function latencyPercentiles(histogram: readonly number[]): LatencyPercentiles {
  return { p50: round(percentileOf(histogram, 0.5)), p95: round(percentileOf(histogram, 0.95)), p99: round(percentileOf(histogram, 0.99)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** 850 ms, 4.2 s, 3 min: what an operator reads at a glance. */
function formatMs(ms: number): string {
  if (ms < 1_000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 120_000) {
    return `${Math.round(ms / 100) / 10} s`;
  }
  return `${Math.round(ms / 6_000) / 10} min`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
