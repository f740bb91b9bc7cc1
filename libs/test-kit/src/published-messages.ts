import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';

/** Every message stored in the library's queue table since the tap was opened, as it was inserted. */
export interface PublishedMessages {
  /** Rows of the tap table (one per inserted message), filtered by a SQL condition on its columns. */
  rows<T = Record<string, unknown>>(where?: string, parameters?: unknown[]): Promise<T[]>;
  /** Removes the trigger and the tap table. */
  close(): Promise<void>;
}

/**
 * Taps the inserts into `<schema>.reliable_messages` with a trigger that copies each new row into a
 * table of the test's own. The queue table keeps only what waits (an acknowledgement deletes the
 * row), so a test that asks "what did the service queue?" after the consumers ran reads the tap.
 * Open it after the library created its schema (the service started) and before the test's work.
 */
export async function tapPublishedMessages(sql: Client, schema = 'tenaz'): Promise<PublishedMessages> {
  const suffix = randomBytes(4).toString('hex');
  const tap = escapeIdentifier(`tap_published_${suffix}`);
  const copy = escapeIdentifier(`tap_copy_${suffix}`);
  const trigger = escapeIdentifier(`tap_trigger_${suffix}`);
  const queueTable = `${escapeIdentifier(schema)}.reliable_messages`;
  await sql.query(`CREATE TABLE public.${tap} (LIKE ${queueTable})`);
  await sql.query(`CREATE FUNCTION public.${copy}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO public.${tap} SELECT NEW.*; RETURN NULL; END $$`);
  await sql.query(`CREATE TRIGGER ${trigger} AFTER INSERT ON ${queueTable} FOR EACH ROW EXECUTE FUNCTION public.${copy}()`);
  return {
    async rows<T>(where = 'true', parameters: unknown[] = []) {
      return (await sql.query(`SELECT * FROM public.${tap} WHERE ${where}`, parameters)).rows as T[];
    },
    async close() {
      await sql.query(`DROP TRIGGER IF EXISTS ${trigger} ON ${queueTable}`);
      await sql.query(`DROP FUNCTION IF EXISTS public.${copy}()`);
      await sql.query(`DROP TABLE IF EXISTS public.${tap}`);
    },
  };
}
