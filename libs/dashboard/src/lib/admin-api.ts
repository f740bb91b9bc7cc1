import type { DeadLetterDetail, DeadLetterFilter, DeadLettersAnswer, HistoryAnswer, OutboxAnswer, QueuesAnswer } from './api-types';

const KEY_STORAGE = 'tenaz.adminKey';
const BASE = '/admin/api';
/** A request that takes longer is abandoned; the next refresh tries again. */
const REQUEST_TIMEOUT_MS = 10_000;

/** The admin API answered with an error; `status` 401/403 means the key is wrong. */
export class AdminApiError extends Error {
  override readonly name = 'AdminApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The admin key lives in sessionStorage only: closing the tab forgets it. */
export const adminKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string): void => sessionStorage.setItem(KEY_STORAGE, key),
  clear: (): void => sessionStorage.removeItem(KEY_STORAGE),
};

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminKey.get() ?? ''}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const answer = (await response.json().catch(() => ({}))) as { message?: string | string[] };
  if (!response.ok) {
    const message = Array.isArray(answer.message) ? answer.message.join('; ') : (answer.message ?? response.statusText);
    throw new AdminApiError(response.status, message);
  }
  return answer as T;
}

function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const queuePath = (queue: string) => `/queues/${encodeURIComponent(queue)}`;

/** The calls the dashboard makes, one per admin endpoint it uses. */
export const adminApi = {
  queues: () => call<QueuesAnswer>('GET', '/queues'),
  history: (queue: string) => call<HistoryAnswer>('GET', `${queuePath(queue)}/history`),
  deadLetters: (queue: string, filter: DeadLetterFilter, page: { limit: number; offset: number }) =>
    call<DeadLettersAnswer>('GET', `${queuePath(queue)}/dead-letters${query({ ...filter, ...page })}`),
  deadLetter: (queue: string, id: string) =>
    call<{ deadLetter: DeadLetterDetail }>('GET', `${queuePath(queue)}/dead-letters/${encodeURIComponent(id)}`),
  replay: (queue: string, selection: { ids: string[] } | { filter: DeadLetterFilter } | { all: true }) =>
    call<{ queue: string; replayed: number }>('POST', `${queuePath(queue)}/dead-letters/replay`, selection),
  purge: (queue: string, selection: { ids: string[] } | { filter: DeadLetterFilter } | { all: true }) =>
    call<{ queue: string; purged: number }>('POST', `${queuePath(queue)}/dead-letters/purge`, { ...selection, confirm: true }),
  outbox: () => call<OutboxAnswer>('GET', '/outbox'),
  retryOutbox: (selection: { ids: string[] } | { all: true }) => call<{ retried: number }>('POST', '/outbox/failed/retry', selection),
};
