import { checkDeadLetterSelector, DeadLetterFilter, DeadLetterSelector } from '../model/dead-letter-selector';
import { InvalidSelectorError } from '../model/errors';
import type { DeadLetter, Transport } from '../transport/transport.interface';

/** A page of dead letters: at most this many in one answer. */
const MAX_PAGE = 1_000;
const DEFAULT_PAGE = 100;

/**
 * Dead-letter operations for operators (CLI, admin API, dashboard) and tests. Every operation takes
 * the same selector: ids and/or a filter (type, tenant, age); none means all of the queue's.
 */
export interface DeadLetters {
  /** The selected dead letters, newest first on PostgreSQL and oldest first on RabbitMQ (its queue order). */
  list(queue: string, options?: { limit?: number; offset?: number } & DeadLetterSelector): Promise<DeadLetter[]>;
  /** How many dead letters the selector matches. */
  count(queue: string, selector?: DeadLetterSelector): Promise<number>;
  /** One dead letter whole (payload, headers, last error, attempts), or undefined when there is none with that id. */
  get(queue: string, id: string): Promise<DeadLetter | undefined>;
  /** Puts the selected dead letters back on their queue unchanged, with a fresh retry budget. Returns how many. */
  replay(queue: string, selector?: DeadLetterSelector): Promise<number>;
  /** Deletes the selected dead letters for good. Returns how many. */
  purge(queue: string, selector?: DeadLetterSelector): Promise<number>;
}

/** The operations over the transport of each queue; selectors are checked before a transport sees them. */
export function createDeadLetters(transportOf: (queue: string) => Transport): DeadLetters {
  const checked = (selector: DeadLetterSelector | undefined): DeadLetterSelector => {
    const value = selector ?? {};
    checkDeadLetterSelector(value);
    return value;
  };
  return {
    async list(queue, options = {}) {
      const { limit = DEFAULT_PAGE, offset = 0, ...selector } = options;
      const problems = [
        ...(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE ? [] : [`limit: an integer from 1 to ${MAX_PAGE}`]),
        ...(Number.isInteger(offset) && offset >= 0 ? [] : ['offset: an integer, 0 or more']),
      ];
      if (problems.length > 0) {
        throw new InvalidSelectorError(problems);
      }
      return transportOf(queue).listDeadLetters(queue, { limit, offset, ...checked(selector) });
    },
    count: async (queue, selector) => transportOf(queue).countDeadLetters(queue, checked(selector)),
    async get(queue, id) {
      const [letter] = await transportOf(queue).listDeadLetters(queue, { limit: 1, offset: 0, ...checked({ ids: [id] }) });
      return letter;
    },
    replay: async (queue, selector) => transportOf(queue).replayDeadLetters(queue, checked(selector)),
    purge: async (queue, selector) => transportOf(queue).purgeDeadLetters(queue, checked(selector)),
  };
}

export type { DeadLetterFilter, DeadLetterSelector };
