/**
 * What one fault run measured, per the list: every message counted from the producer's
 * send to its effect or its dead letter. `lost` is the figure that must be 0.
 */
export interface ReliabilityFigures {
  /** Messages the producer tried to publish. */
  sent: number;
  /** Publishes the library accepted (committed in PostgreSQL, or confirmed, or queued in a committed outbox). */
  committed: number;
  /** Messages the producer gave up on after its retries, each with a failed publish it was told of. */
  publishFailed: number;
  /** Publishes repeated with the same message id after a failure. */
  publishRetries: number;
  /** Committed messages the broker (or PostgreSQL) confirmed as durable; outbox rows once relayed. */
  confirmed: number;
  /** Messages handed to a handler at least once. */
  delivered: number;
  /** Handler starts, redeliveries included. */
  deliveries: number;
  /** Messages with at least one committed effect. */
  processed: number;
  /** Messages with exactly one committed effect. */
  processedOnce: number;
  /** Effects beyond the first of a message: must be 0 with the inbox. */
  duplicateEffects: number;
  deadLettered: number;
  /** Dead letters of messages that were not poison. */
  wronglyDeadLettered: number;
  /** Committed poison messages (always rejected by their handler). */
  poison: number;
  /** Committed messages with neither an effect nor a dead letter: must be 0. */
  lost: number;
  /** Publishes reported as failed whose message was stored anyway (at-least-once: allowed, counted). */
  failedButStored: number;
  /** Effects or dead letters of ids the producer never sent. */
  phantoms: number;
  /** Messages first handled before their not-before time. */
  early: number;
  /** Per key, a message whose first effect came after that of a later one. */
  orderViolations: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  latencyMaxMs: number | null;
  /** The longest pause between two first effects. */
  longestGapMs: number | null;
  /** From the first send to the last effect. */
  durationMs: number | null;
  /** Recovery after each injected fault (read-recoveries.sql says how it is measured). */
  faults: FaultRecovery[];
}

/** One injected fault and how long the backlog it left took to clear. */
export interface FaultRecovery {
  name: string;
  startedAt: Date;
  endedAt: Date;
  recoveryMs: number;
}

/** Derived counts: deliveries beyond the first of each message. */
export function duplicateDeliveries(figures: ReliabilityFigures): number {
  return figures.deliveries - figures.delivered;
}

/** What a scenario promises beyond "nothing lost, no effect twice, nothing invented". */
export interface Promises {
  /** Per-key order of first effects follows the send order. */
  ordered?: boolean;
  /** Exactly the poison messages are dead-lettered. */
  poisonDeadLettered?: boolean;
  /** Nothing is handled before its not-before time. */
  notEarly?: boolean;
  /** Every fault's backlog cleared within this long. */
  recoveryWithinMs?: number;
  /** Latency p99 at most this. */
  p99WithinMs?: number;
  /** At least this many messages were committed (a run that published nothing proves nothing). */
  minCommitted?: number;
}

/**
 * Why a run fails, or an empty list when it passes: lost = 0, duplicate effects = 0, no phantom,
 * and what the scenario promised.
 */
export function verdict(figures: ReliabilityFigures, promises: Promises = {}): string[] {
  const problems: string[] = [];
  const expectZero = (name: keyof ReliabilityFigures, label: string) => {
    const value = figures[name] as number;
    if (value !== 0) {
      problems.push(`${label}: ${value}`);
    }
  };
  expectZero('lost', 'lost');
  expectZero('duplicateEffects', 'duplicate effects');
  expectZero('phantoms', 'effects or dead letters of messages never sent');
  if (promises.ordered) {
    expectZero('orderViolations', 'order violations');
  }
  if (promises.poisonDeadLettered) {
    expectZero('wronglyDeadLettered', 'dead letters of good messages');
    if (figures.deadLettered !== figures.poison) {
      problems.push(`dead-lettered ${figures.deadLettered} of ${figures.poison} poison messages`);
    }
  } else if (figures.deadLettered !== 0) {
    problems.push(`dead-lettered: ${figures.deadLettered} (no poison in this scenario)`);
  }
  if (promises.notEarly) {
    expectZero('early', 'handled before their time');
  }
  if (promises.minCommitted !== undefined && figures.committed < promises.minCommitted) {
    problems.push(`committed only ${figures.committed} of at least ${promises.minCommitted}`);
  }
  if (promises.p99WithinMs !== undefined && (figures.latencyP99Ms ?? Infinity) > promises.p99WithinMs) {
    problems.push(`latency p99 ${figures.latencyP99Ms} ms over ${promises.p99WithinMs} ms`);
  }
  if (promises.recoveryWithinMs !== undefined) {
    for (const fault of figures.faults.filter((f) => f.recoveryMs > promises.recoveryWithinMs!)) {
      problems.push(`recovery after ${fault.name} took ${Math.round(fault.recoveryMs)} ms (bound ${promises.recoveryWithinMs} ms)`);
    }
  }
  return problems;
}
