import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { AdminApiError, adminApi, adminKey } from '../lib/admin-api';
import { usePolling } from '../lib/use-polling';
import { DeadLetters } from './dead-letters';
import { Login } from './login';
import { Outbox } from './outbox';
import { QueueCard } from './queue-card';

/** Queue figures refresh every 3 s: live enough to watch a replay land, cheap for the server. */
const QUEUES_REFRESH_MS = 3_000;

/** The signed-in dashboard: every queue, the dead letters of one, and the outbox. */
function Dashboard(props: { onSignOut: (problem?: string) => void }) {
  const queues = usePolling(() => adminApi.queues(), QUEUES_REFRESH_MS, []);
  const [deadLetterQueue, setDeadLetterQueue] = useState<string | undefined>(undefined);
  const error = queues.error;
  const refused = error instanceof AdminApiError && (error.status === 401 || error.status === 403);
  useEffect(() => {
    if (refused) {
      props.onSignOut(error.message);
    }
  }, [refused]);
  const names = queues.data?.queues.map((queue) => queue.queue) ?? [];
  const selected = deadLetterQueue ?? names[0];
  const showDeadLetters = (queue: string) => {
    setDeadLetterQueue(queue);
    document.getElementById('dead-letters')?.scrollIntoView();
  };
  return html`<div class="dashboard">
    <header class="top">
      <h1>Tenaz queues</h1>
      <span class="muted">${queues.data ? `${queues.data.count} queues, refreshed every ${QUEUES_REFRESH_MS / 1_000} s` : 'loading…'}</span>
      <button class="link" onClick=${() => props.onSignOut()}>sign out</button>
    </header>
    ${error && !(error instanceof AdminApiError && error.status < 500) ? html`<p class="error">${error.message}</p>` : null}
    <section class="queues">
      ${(queues.data?.queues ?? []).map((queue) => html`<${QueueCard} key=${queue.queue} queue=${queue} onShowDeadLetters=${showDeadLetters} />`)}
    </section>
    ${selected ? html`<${DeadLetters} queues=${names} queue=${selected} onQueue=${setDeadLetterQueue} onChanged=${() => void queues.refresh()} />` : null}
    <${Outbox} />
  </div>`;
}

/** The login form until a key is stored; a key the API refuses sends the operator back to it. */
export function App() {
  const [signedIn, setSignedIn] = useState(adminKey.get() !== null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  if (!signedIn) {
    return html`<${Login}
      problem=${problem}
      onKey=${(key: string) => {
        adminKey.set(key);
        setProblem(undefined);
        setSignedIn(true);
      }}
    />`;
  }
  return html`<${Dashboard}
    onSignOut=${(reason?: string) => {
      adminKey.clear();
      setProblem(reason);
      setSignedIn(false);
    }}
  />`;
}
