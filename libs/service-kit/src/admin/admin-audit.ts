import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { APP_LOGGER } from '../logging/app-logger';

/** What an admin did, as the audit line records it: never a payload, only what selects and counts. */
export interface AdminAction {
  action: 'dead-letters.replay' | 'dead-letters.purge' | 'outbox.retry';
  queue?: string;
  /** The ids (how many, and the first few) or the filter the action applied to. */
  selection: Record<string, unknown>;
  /** How many messages or rows it changed. */
  count: number;
}

/** Ids beyond this many are counted, not listed: a replay of 10,000 ids stays one short line. */
const MAX_LOGGED_IDS = 20;

/** One `admin action` log line per change an admin makes: who (the key's name) and what. */
@Injectable()
export class AdminAudit {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  record(admin: string, action: AdminAction): void {
    this.logger.info({ audit: true, admin, ...action }, 'admin action');
  }

  /** The loggable form of a selection: ids truncated, filters as they are (types, tenants, ages). */
  static describe(selection: { ids?: readonly string[]; all?: boolean; filter?: object }): Record<string, unknown> {
    if (selection.ids) {
      return { ids: selection.ids.slice(0, MAX_LOGGED_IDS), idCount: selection.ids.length };
    }
    return selection.filter ? { filter: selection.filter } : { all: true };
  }
}
