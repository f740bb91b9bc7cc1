import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

/** Asks for the admin key (ADMIN_API_KEYS); it is kept in this tab's sessionStorage only. */
export function Login(props: { problem: string | undefined; onKey: (key: string) => void }) {
  const [key, setKey] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (key.trim() !== '') {
      props.onKey(key.trim());
    }
  };
  return html`<form class="login" onSubmit=${submit}>
    <h1>Tenaz queues</h1>
    <label
      >Admin key
      <input
        name="adminKey"
        type="password"
        autocomplete="off"
        value=${key}
        onInput=${(event: Event) => setKey((event.target as HTMLInputElement).value)}
    /></label>
    <button type="submit">Sign in</button>
    ${props.problem ? html`<p class="error" data-testid="login-problem">${props.problem}</p>` : null}
  </form>`;
}
