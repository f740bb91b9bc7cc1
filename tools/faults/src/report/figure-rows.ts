import { duplicateDeliveries, type ReliabilityFigures } from '../checker/reliability-figures';

const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

/** The report's rows, in the order: label and value. */
export function figureRows(figures: ReliabilityFigures): [string, string][] {
  return [
    ['sent', String(figures.sent)],
    ['committed (accepted)', String(figures.committed)],
    ['publishes given up (told failed)', String(figures.publishFailed)],
    ['publishes repeated with the same id', String(figures.publishRetries)],
    ['confirmed', String(figures.confirmed)],
    ['delivered (distinct)', String(figures.delivered)],
    ['deliveries (with redeliveries)', String(figures.deliveries)],
    ['duplicate deliveries', String(duplicateDeliveries(figures))],
    ['processed', String(figures.processed)],
    ['processed once', String(figures.processedOnce)],
    ['dead-lettered', String(figures.deadLettered)],
    ['poison sent', String(figures.poison)],
    ['good messages dead-lettered', String(figures.wronglyDeadLettered)],
    ['**lost** (committed − processed − dead-lettered)', `**${figures.lost}**`],
    ['**duplicate effects** (with the inbox)', `**${figures.duplicateEffects}**`],
    ['failed publishes stored anyway', String(figures.failedButStored)],
    ['effects of ids never sent', String(figures.phantoms)],
    ['handled before their time', String(figures.early)],
    ['order violations (per key)', String(figures.orderViolations)],
    ['latency p50 / p99 / max', `${ms(figures.latencyP50Ms)} / ${ms(figures.latencyP99Ms)} / ${ms(figures.latencyMaxMs)}`],
    ['longest pause between effects', ms(figures.longestGapMs)],
    ['first send to last effect', ms(figures.durationMs)],
  ];
}

/** Recovery per fault, summarised: count, median and worst. */
export function recoverySummary(figures: ReliabilityFigures): string {
  if (figures.faults.length === 0) return 'no fault injected';
  const sorted = figures.faults.map((f) => f.recoveryMs).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const worst = figures.faults.reduce((a, b) => (b.recoveryMs > a.recoveryMs ? b : a));
  return `${figures.faults.length} faults; recovery median ${Math.round(median)} ms, worst ${Math.round(worst.recoveryMs)} ms (${worst.name})`;
}
