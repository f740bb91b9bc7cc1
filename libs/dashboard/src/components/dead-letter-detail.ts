import { html } from 'htm/preact';
import { adminApi } from '../lib/admin-api';
import { timestamp } from '../lib/format';
import { usePolling } from '../lib/use-polling';

/** A dead letter whole: payload, headers, last error and attempts, with its own replay and purge. */
export function DeadLetterDetail(props: {
  queue: string;
  id: string;
  onAction: (action: 'replay' | 'purge', ids: string[]) => void;
  onClose: () => void;
}) {
  // Fetched once per selection; a long interval only keeps it current while it stays open.
  const detail = usePolling(() => adminApi.deadLetter(props.queue, props.id), 60_000, [props.queue, props.id]);
  const letter = detail.data?.deadLetter;
  if (detail.error) {
    return html`<aside class="detail">
      <p class="error">${detail.error.message}</p>
      <button onClick=${props.onClose}>Close</button>
    </aside>`;
  }
  if (!letter) {
    return html`<aside class="detail"><p>loading…</p></aside>`;
  }
  return html`<aside class="detail" data-testid="dead-letter-detail">
    <header>
      <h3>${letter.type} <code>${letter.id}</code></h3>
      <button class="link" onClick=${props.onClose}>close</button>
    </header>
    <dl>
      <dt>reason</dt>
      <dd>${letter.reason}</dd>
      <dt>last error</dt>
      <dd data-testid="last-error">${letter.lastError ?? '—'}</dd>
      <dt>attempts</dt>
      <dd>${letter.attempts}</dd>
      <dt>priority</dt>
      <dd>${letter.priority}</dd>
      <dt>tenant</dt>
      <dd>${letter.tenantId ?? '—'}</dd>
      <dt>correlation id</dt>
      <dd>${letter.correlationId ?? '—'}</dd>
      <dt>created</dt>
      <dd>${timestamp(letter.createdAt)}</dd>
      <dt>dead-lettered</dt>
      <dd>${timestamp(letter.deadLetteredAt)}</dd>
    </dl>
    <h4>payload</h4>
    <pre data-testid="payload">${JSON.stringify(letter.payload, null, 2)}</pre>
    <h4>headers</h4>
    <pre>${JSON.stringify(letter.headers, null, 2)}</pre>
    <div class="actions">
      <button data-testid="replay-one" onClick=${() => props.onAction('replay', [letter.id])}>Replay</button>
      <button class="danger" onClick=${() => props.onAction('purge', [letter.id])}>Purge</button>
    </div>
  </aside>`;
}
