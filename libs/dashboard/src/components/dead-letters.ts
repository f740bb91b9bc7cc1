import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { adminApi } from '../lib/admin-api';
import type { DeadLetterFilter } from '../lib/api-types';
import { timestamp } from '../lib/format';
import { usePolling } from '../lib/use-polling';
import { DeadLetterDetail } from './dead-letter-detail';
import { DeadLetterFilterForm } from './dead-letter-filter-form';

const PAGE_SIZE = 50;
const REFRESH_MS = 5_000;

type Selection = { ids: string[] } | { filter: DeadLetterFilter } | { all: true };

/** A queue's dead letters with filters, details and replay / purge of one, the selected, or all matching. */
export function DeadLetters(props: { queues: string[]; queue: string; onQueue: (queue: string) => void; onChanged: () => void }) {
  const [filter, setFilter] = useState<DeadLetterFilter>({});
  const [offset, setOffset] = useState(0);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const list = usePolling(() => adminApi.deadLetters(props.queue, filter, { limit: PAGE_SIZE, offset }), REFRESH_MS, [
    props.queue,
    filter,
    offset,
  ]);
  const filtered = Object.values(filter).some((value) => value !== undefined);

  const act = async (action: 'replay' | 'purge', selection: Selection, what: string) => {
    if (action === 'purge' && !window.confirm(`Delete ${what} for good? This cannot be undone.`)) {
      return;
    }
    try {
      const answer = action === 'replay' ? await adminApi.replay(props.queue, selection) : await adminApi.purge(props.queue, selection);
      const count = 'replayed' in answer ? answer.replayed : answer.purged;
      setNotice(`${action === 'replay' ? 'Replayed' : 'Purged'} ${count} dead letter${count === 1 ? '' : 's'}.`);
      setChecked(new Set());
      setOpen(undefined);
    } catch (error) {
      setNotice(`${action} failed: ${(error as Error).message}`);
    }
    await list.refresh();
    props.onChanged();
  };
  const toggle = (id: string) => {
    const next = new Set(checked);
    if (next.has(id)) {
      next.delete(id);
    } else {
      next.add(id);
    }
    setChecked(next);
  };
  const everything: Selection = filtered ? { filter } : { all: true };
  const total = list.data?.total ?? 0;

  return html`<section class="dead-letters" id="dead-letters">
    <header>
      <h2>Dead letters</h2>
      <select
        value=${props.queue}
        onChange=${(event: Event) => {
          props.onQueue((event.target as HTMLSelectElement).value);
          setOffset(0);
          setOpen(undefined);
        }}
      >
        ${props.queues.map((name) => html`<option value=${name}>${name}</option>`)}
      </select>
      <span data-testid="dead-letter-total">${total} ${filtered ? 'matching' : 'in total'}</span>
    </header>
    <${DeadLetterFilterForm}
      onApply=${(next: DeadLetterFilter) => {
        setFilter(next);
        setOffset(0);
      }}
    />
    ${notice ? html`<p class="notice" data-testid="notice">${notice}</p>` : null}
    ${list.error ? html`<p class="error">${list.error.message}</p>` : null}
    <div class="actions">
      <button disabled=${checked.size === 0} onClick=${() => act('replay', { ids: [...checked] }, `${checked.size} selected`)}>
        Replay selected (${checked.size})
      </button>
      <button disabled=${total === 0} data-testid="replay-all" onClick=${() => act('replay', everything, `all ${total}`)}>
        Replay all ${filtered ? 'matching' : ''} (${total})
      </button>
      <button
        class="danger"
        disabled=${checked.size === 0}
        onClick=${() => act('purge', { ids: [...checked] }, `${checked.size} selected dead letters`)}
      >
        Purge selected
      </button>
      <button
        class="danger"
        disabled=${total === 0}
        data-testid="purge-all"
        onClick=${() => act('purge', everything, `all ${total} ${filtered ? 'matching ' : ''}dead letters`)}
      >
        Purge all ${filtered ? 'matching' : ''}
      </button>
    </div>
    <div class="split">
      <table>
        <thead>
          <tr>
            <th></th>
            <th>type</th>
            <th>reason</th>
            <th>last error</th>
            <th>attempts</th>
            <th>tenant</th>
            <th>dead-lettered</th>
          </tr>
        </thead>
        <tbody>
          ${(list.data?.deadLetters ?? []).map(
            (letter) =>
              html`<tr class=${open === letter.id ? 'open' : ''} data-id=${letter.id}>
                <td><input type="checkbox" checked=${checked.has(letter.id)} onChange=${() => toggle(letter.id)} aria-label="select" /></td>
                <td><button class="link" data-testid="open-dead-letter" onClick=${() => setOpen(letter.id)}>${letter.type}</button></td>
                <td>${letter.reason}</td>
                <td class="error-text">${letter.lastError ?? '—'}</td>
                <td>${letter.attempts}</td>
                <td>${letter.tenantId ?? '—'}</td>
                <td>${timestamp(letter.deadLetteredAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${open ? html`<${DeadLetterDetail} queue=${props.queue} id=${open} onClose=${() => setOpen(undefined)} onAction=${(action: 'replay' | 'purge', ids: string[]) => act(action, { ids }, 'this dead letter')} />` : null}
    </div>
    <footer class="pager">
      <button disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE_SIZE))}>newer</button>
      <span>${total === 0 ? 0 : offset + 1}–${Math.min(offset + PAGE_SIZE, total)} of ${total}</span>
      <button disabled=${offset + PAGE_SIZE >= total} onClick=${() => setOffset(offset + PAGE_SIZE)}>older</button>
    </footer>
  </section>`;
}
