import type { DeadLetter } from '@tenaz/messaging';

/** A dead letter in a list: everything but its payload and headers (they may hold personal data). */
export interface DeadLetterSummaryView {
  id: string;
  queue: string;
  type: string;
  priority: number;
  attempts: number;
  reason: string;
  lastError: string | null;
  tenantId: string | null;
  correlationId: string | null;
  countryCode: string | null;
  createdAt: string;
  deadLetteredAt: string;
}

/** A dead letter whole, as `GET …/dead-letters/:id` shows it. */
export interface DeadLetterDetailView extends DeadLetterSummaryView {
  payload: unknown;
  headers: Record<string, string>;
}

export function toDeadLetterSummary(letter: DeadLetter): DeadLetterSummaryView {
  return {
    id: letter.id,
    queue: letter.queue,
    type: letter.type,
    priority: letter.priority,
    attempts: letter.attempts,
    reason: letter.reason,
    lastError: letter.lastError,
    tenantId: letter.tenantId,
    correlationId: letter.correlationId,
    countryCode: letter.countryCode,
    createdAt: letter.createdAt.toISOString(),
    deadLetteredAt: letter.deadLetteredAt.toISOString(),
  };
}

export function toDeadLetterDetail(letter: DeadLetter): DeadLetterDetailView {
  return { ...toDeadLetterSummary(letter), payload: letter.payload, headers: letter.headers };
}
