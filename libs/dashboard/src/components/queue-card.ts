import { html } from 'htm/preact';
import { adminApi } from '../lib/admin-api';
import type { QueueView } from '../lib/api-types';
import { duration, percent, rate } from '../lib/format';
import { usePolling } from '../lib/use-polling';
import { TimeChart } from './time-chart';

/** History is per minute: fetching it every 15 s keeps the current minute fresh enough. */
const HISTORY_REFRESH_MS = 15_000;

/** One queue: its SLA state with the reason, the current figures and the last hour as charts. */
export function QueueCard(props: { queue: QueueView; onShowDeadLetters: (queue: string) => void }) {
  const q = props.queue;
  const history = usePolling(() => adminApi.history(q.queue), HISTORY_REFRESH_MS, [q.queue]);
  const buckets = history.data?.buckets ?? [];
  const times = buckets.map((bucket) => Date.parse(bucket.at) / 1_000);
  const perSecond = (count: number) => count / ((history.data?.bucketMs ?? 60_000) / 1_000);

  return html`<article class=${`queue state-${q.state}`} data-queue=${q.queue}>
    <header>
      <h2>${q.queue}</h2>
      <span class="transport">${q.transport}</span>
      <span class="badge" data-testid="sla-state">${q.state}</span>
    </header>
    <p class="reason" data-testid="sla-reason">${q.reason}</p>
    <dl class="figures">
      <div>
        <dt>SLA</dt>
        <dd>${duration(q.slaMs)}</dd>
      </div>
      <div>
        <dt>depth</dt>
        <dd data-testid="depth">${q.pending}</dd>
      </div>
      <div>
        <dt>in flight</dt>
        <dd>${q.processing}</dd>
      </div>
      <div>
        <dt>oldest waiting</dt>
        <dd>${duration(q.oldestPendingAgeMs)}</dd>
      </div>
      <div>
        <dt>in / out</dt>
        <dd>${rate(q.throughput.publishedPerSecond)} / ${rate(q.throughput.completedPerSecond)}</dd>
      </div>
      <div>
        <dt>end-to-end p50 / p95 / p99</dt>
        <dd>${duration(q.endToEndMs.p50)} / ${duration(q.endToEndMs.p95)} / ${duration(q.endToEndMs.p99)}</dd>
      </div>
      <div>
        <dt>failure rate</dt>
        <dd>${percent(q.failureRate)}</dd>
      </div>
      <div>
        <dt>dead letters</dt>
        <dd>
          <button class="link" data-testid="dead-letter-count" onClick=${() => props.onShowDeadLetters(q.queue)}>${q.deadLettered}</button>
        </dd>
      </div>
    </dl>
    ${history.error ? html`<p class="error">history: ${history.error.message}</p>` : null}
    <div class="charts">
      <${TimeChart}
        title="throughput, last hour"
        unit="msg/s"
        times=${times}
        series=${[
          { label: 'published', color: '#3b82f6', values: buckets.map((bucket) => perSecond(bucket.published)) },
          { label: 'completed', color: '#16a34a', values: buckets.map((bucket) => perSecond(bucket.completed)) },
          { label: 'failed', color: '#dc2626', values: buckets.map((bucket) => perSecond(bucket.failed)) },
        ]}
      />
      <${TimeChart}
        title="end-to-end latency, last hour"
        unit="ms"
        times=${times}
        series=${[
          { label: 'p50', color: '#16a34a', values: buckets.map((bucket) => bucket.endToEndMs.p50) },
          { label: 'p95', color: '#f59e0b', values: buckets.map((bucket) => bucket.endToEndMs.p95) },
          { label: 'p99', color: '#dc2626', values: buckets.map((bucket) => bucket.endToEndMs.p99) },
          { label: 'SLA', color: '#6b7280', dashed: true, values: buckets.map(() => q.slaMs) },
        ]}
      />
      <${TimeChart}
        title="depth, last hour"
        unit="messages"
        times=${times}
        series=${[
          { label: 'due', color: '#7c3aed', values: buckets.map((bucket) => bucket.depth?.pending ?? null) },
          { label: 'in flight', color: '#0891b2', values: buckets.map((bucket) => bucket.depth?.processing ?? null) },
        ]}
      />
    </div>
  </article>`;
}
