import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { DeadLetterFilter } from '../lib/api-types';

const MINUTE_MS = 60_000;

/** Type, tenant and age (in minutes, as operators think of it) → the API's filter. */
export function DeadLetterFilterForm(props: { onApply: (filter: DeadLetterFilter) => void }) {
  const [type, setType] = useState('');
  const [tenantId, setTenantId] = useState('');
  const [olderThan, setOlderThan] = useState('');
  const [newerThan, setNewerThan] = useState('');
  const minutes = (text: string) => (text.trim() === '' ? undefined : Math.round(Number(text) * MINUTE_MS));

  const submit = (event: Event) => {
    event.preventDefault();
    props.onApply({
      type: type.trim() || undefined,
      tenantId: tenantId.trim() || undefined,
      olderThanMs: minutes(olderThan),
      newerThanMs: minutes(newerThan),
    });
  };
  const field = (label: string, name: string, value: string, set: (value: string) => void, kind = 'text') =>
    html`<label
      >${label}<input
        name=${name}
        type=${kind}
        min="0"
        step="any"
        value=${value}
        onInput=${(event: Event) => set((event.target as HTMLInputElement).value)}
    /></label>`;

  return html`<form class="filters" onSubmit=${submit}>
    ${field('type', 'type', type, setType)} ${field('tenant', 'tenantId', tenantId, setTenantId)}
    ${field('older than (min)', 'olderThan', olderThan, setOlderThan, 'number')}
    ${field('newer than (min)', 'newerThan', newerThan, setNewerThan, 'number')}
    <button type="submit">Filter</button>
  </form>`;
}
