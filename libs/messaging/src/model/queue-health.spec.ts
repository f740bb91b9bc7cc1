import { bucketOf, emptyHistogram } from './latency-histogram';
import { queueHealth, QueueDepth, QueueFigures } from './queue-health';

const QUEUE = { name: 'parcels', transport: 'postgres', slaMs: 1_000 };
const WINDOW_MS = 60_000;
const NOTHING_WAITING: QueueDepth = { pending: 0, processing: 0, deadLettered: 0, oldestPendingAgeMs: 0 };

/** The window's figures of `completed` messages that each took `endToEndMs` (and half of it in the handler). */
function figures(completed: number, endToEndMs: number, extra: Partial<QueueFigures> = {}): QueueFigures {
  const processing = emptyHistogram();
  const endToEnd = emptyHistogram();
  for (let n = 0; n < completed; n += 1) {
    processing[bucketOf(endToEndMs / 2)] += 1;
    endToEnd[bucketOf(endToEndMs)] += 1;
  }
  return {
    published: completed,
    attempts: completed,
    failedAttempts: 0,
    completed,
    deadLettered: 0,
    processingMsTotal: (completed * endToEndMs) / 2,
    processingHistogram: processing,
    endToEndHistogram: endToEnd,
    ...extra,
  };
}

describe(queueHealth.name, () => {
  it('is idle with nothing waiting and nothing handled in the window', () => {
    const health = queueHealth(QUEUE, WINDOW_MS, NOTHING_WAITING, figures(0, 0));
    expect(health).toMatchObject({ state: 'idle', slaCompliant: true, reason: 'Nothing waiting and nothing handled in the last 60 s' });
  });

  it('is ok when traffic stays within the SLA, and says by how much', () => {
    const health = queueHealth(QUEUE, WINDOW_MS, { ...NOTHING_WAITING, pending: 3, oldestPendingAgeMs: 40 }, figures(600, 200));
    expect(health.state).toBe('ok');
    expect(health.slaCompliant).toBe(true);
    expect(health.reason).toMatch(/^Within its SLA of 1 s: p95 end-to-end \d+ ms, oldest due message 40 ms$/);
    expect(health.throughput).toEqual({ publishedPerSecond: 10, completedPerSecond: 10 });
  });

  it('is breaching when the p95 end-to-end passes the SLA while messages still complete', () => {
    const health = queueHealth(QUEUE, WINDOW_MS, NOTHING_WAITING, figures(100, 2_500));
    expect(health.state).toBe('breaching');
    expect(health.slaCompliant).toBe(false);
    expect(health.reason).toMatch(/^P95 end-to-end over the last 60 s is .* \(SLA 1 s\)$/);
  });

  it('is stuck when due messages wait past the SLA and none completed in the window', () => {
    const depth = { ...NOTHING_WAITING, pending: 7, oldestPendingAgeMs: 90_000 };
    const health = queueHealth(QUEUE, WINDOW_MS, depth, figures(0, 0));
    expect(health.state).toBe('stuck');
    expect(health.slaCompliant).toBe(false);
    expect(health.reason).toBe('7 due messages waiting, the oldest for 90 s, and none completed in the last 60 s');
    // The same backlog with messages still completing is a breach, not a stuck queue.
    expect(queueHealth(QUEUE, WINDOW_MS, depth, figures(10, 200)).state).toBe('breaching');
  });

  it('puts a broker block first in the reason', () => {
    const health = queueHealth(QUEUE, WINDOW_MS, { ...NOTHING_WAITING, blocked: 'low on memory' }, figures(0, 0));
    expect(health).toMatchObject({ publishBlocked: true, blockedReason: 'low on memory', state: 'idle' });
    expect(health.reason).toMatch(/^Publishing is blocked by the broker \(low on memory\)\. Nothing waiting/);
  });
});
