import { InvalidSelectorError } from './errors';

/**
 * Which dead letters an operator means. Every criterion given must hold; none given means all of
 * the queue's. Ages are measured back from now to when the message was dead-lettered.
 */
export interface DeadLetterFilter {
  /** The message type, exactly. */
  type?: string;
  /** The tenant id, exactly. */
  tenantId?: string;
  /** Dead-lettered at least this many milliseconds ago. */
  olderThanMs?: number;
  /** Dead-lettered less than this many milliseconds ago. */
  newerThanMs?: number;
}

/** A filter, optionally narrowed to the given message ids. */
export interface DeadLetterSelector extends DeadLetterFilter {
  ids?: readonly string[];
}

/** What a selector looks at in a dead letter. */
export interface SelectableDeadLetter {
  id: string;
  type: string;
  tenantId: string | null;
  deadLetteredAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a selector before any transport sees it, naming every problem: a malformed id would
 * otherwise fail the whole statement in PostgreSQL and match nothing on RabbitMQ.
 */
export function checkDeadLetterSelector(selector: DeadLetterSelector): void {
  const problems: string[] = [];
  if (selector.ids !== undefined) {
    if (!Array.isArray(selector.ids)) {
      problems.push('ids: an array of message ids');
    } else {
      const bad = selector.ids.findIndex((id) => typeof id !== 'string' || !UUID.test(id));
      if (bad !== -1) {
        problems.push(`ids.${bad}: a message id (UUID)`);
      }
    }
  }
  for (const field of ['type', 'tenantId'] as const) {
    const value = selector[field];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0 || value.length > 100)) {
      problems.push(`${field}: a string of 1-100 characters`);
    }
  }
  for (const field of ['olderThanMs', 'newerThanMs'] as const) {
    const value = selector[field];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      problems.push(`${field}: a number of milliseconds, 0 or more`);
    }
  }
  if (problems.length > 0) {
    throw new InvalidSelectorError(problems);
  }
}

/** True when a selector has no criterion at all: it means every dead letter of the queue. */
export function selectsAll(selector: DeadLetterSelector): boolean {
  return (
    selector.ids === undefined &&
    selector.type === undefined &&
    selector.tenantId === undefined &&
    selector.olderThanMs === undefined &&
    selector.newerThanMs === undefined
  );
}

/**
 * Whether a dead letter matches, as of `now` (ms since the epoch, taken once per operation so a
 * long browse judges every message by the same clock). The PostgreSQL transport says the same in
 * SQL; the RabbitMQ dead-letter browser calls this for each message it takes.
 */
export function matchesDeadLetter(letter: SelectableDeadLetter, selector: DeadLetterSelector, now: number): boolean {
  if (selector.ids !== undefined && !selector.ids.some((id) => id.toLowerCase() === letter.id.toLowerCase())) {
    return false;
  }
  if (selector.type !== undefined && letter.type !== selector.type) {
    return false;
  }
  if (selector.tenantId !== undefined && letter.tenantId !== selector.tenantId) {
    return false;
  }
  const age = now - letter.deadLetteredAt.getTime();
  if (selector.olderThanMs !== undefined && age < selector.olderThanMs) {
    return false;
  }
  return selector.newerThanMs === undefined || age < selector.newerThanMs;
}
