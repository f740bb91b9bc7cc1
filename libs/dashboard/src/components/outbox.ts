import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { adminApi } from '../lib/admin-api';
import { duration, timestamp } from '../lib/format';
import { usePolling } from '../lib/use-polling';

const REFRESH_MS = 5_000;

/** The transactional outbox: what waits for its relay, per queue, and the rows that failed every attempt. */
export function Outbox() {
  const outbox = usePolling(() => adminApi.outbox(), REFRESH_MS, []);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const retry = async (selection: { ids: string[] } | { all: true }) => {
    try {
      const { retried } = await adminApi.retryOutbox(selection);
      setNotice(`Retrying ${retried} outbox row${retried === 1 ? '' : 's'}.`);
    } catch (error) {
      setNotice(`retry failed: ${(error as Error).message}`);
    }
    await outbox.refresh();
  };
  const data = outbox.data;
  return html`<section class="outbox" id="outbox">
    <header>
      <h2>Outbox</h2>
      ${data ? html`<span data-testid="outbox-pending">${data.backlog.pending} pending, ${data.backlog.failed} failed, oldest ${duration(data.backlog.oldestPendingAgeMs)}</span>` : null}
    </header>
    ${outbox.error ? html`<p class="error">${outbox.error.message}</p>` : null}
    ${notice ? html`<p class="notice" data-testid="outbox-notice">${notice}</p>` : null}
    <table>
      <thead>
        <tr>
          <th>queue</th>
          <th>pending</th>
          <th>oldest pending</th>
          <th>failed</th>
        </tr>
      </thead>
      <tbody>
        ${(data?.backlog.queues ?? []).map(
          (row) =>
            html`<tr>
              <td>${row.queue}</td>
              <td>${row.pending}</td>
              <td>${duration(row.oldestPendingAgeMs)}</td>
              <td>${row.failed}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      data && data.failed.total > 0
        ? html`<h3>Failed rows (${data.failed.total})</h3>
            <div class="actions"><button onClick=${() => retry({ all: true })}>Retry all failed</button></div>
            <table>
              <thead>
                <tr>
                  <th>queue</th>
                  <th>type</th>
                  <th>aggregate</th>
                  <th>attempts</th>
                  <th>last error</th>
                  <th>created</th>
                  <th></th>
                </tr>
              </thead>
              <tbody>
                ${data.failed.rows.map(
                  (row) =>
                    html`<tr data-id=${row.id}>
                      <td>${row.queue}</td>
                      <td>${row.type}</td>
                      <td>${row.aggregateId}</td>
                      <td>${row.attempts}</td>
                      <td class="error-text">${row.lastError ?? '—'}</td>
                      <td>${timestamp(row.createdAt)}</td>
                      <td><button data-testid="retry-outbox-row" onClick=${() => retry({ ids: [row.id] })}>Retry</button></td>
                    </tr>`,
                )}
              </tbody>
            </table>`
        : null
    }
  </section>`;
}
