import { escapeIdentifier, type Pool } from 'pg';
import type { Messaging } from '@tenaz/messaging';
import type { Ledger } from '../checker/ledger';
import type { ReliabilityFigures } from '../checker/reliability-figures';
import { EFFECTS_TABLE } from '../worker/worker-config';

/** Where a run's outcomes are read from. */
export interface OutcomeSources {
  ledger: Ledger;
  messaging: Messaging;
  queue: string;
  schema: string;
  settings: { mode: 'direct' | 'outbox' };
}

/**
 * Copies the effects (from the queue database) and the dead letters (through the library's API)
 * into the ledger, replacing any earlier copy, marks relayed outbox rows confirmed, and computes
 * the figures.
 */
export async function collectOutcomes(sources: OutcomeSources, queueDatabase: Pool): Promise<ReliabilityFigures> {
  const { ledger, messaging, queue, schema } = sources;
  await ledger.query('TRUNCATE ledger.effects, ledger.dead_letters');
  const rows = await queueDatabase.query(`SELECT n, id, worker, at FROM ${escapeIdentifier(schema)}.${escapeIdentifier(EFFECTS_TABLE)}`);
  await ledger.importEffects(rows.rows);
  for (let offset = 0; ; offset += 1_000) {
    const letters = await messaging.deadLetters.list(queue, { limit: 1_000, offset });
    await ledger.importDeadLetters(letters.map((letter) => ({ id: letter.id, reason: letter.reason })));
    if (letters.length < 1_000) break;
  }
  if (sources.settings.mode === 'outbox') {
    const sent = await queueDatabase.query(`SELECT id FROM ${escapeIdentifier(schema)}.outbox WHERE status = 'sent'`);
    await ledger.markConfirmed(sent.rows.map((row) => row.id as string));
  }
  return ledger.figures();
}
