import Table from 'cli-table3';

/** Prints rows as a table for people, or as JSON with `--json` for scripts. */
export function printRows(rows: Record<string, unknown>[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const head = Object.keys(rows[0]);
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) {
    table.push(head.map((key) => format(row[key])));
  }
  process.stdout.write(`${table.toString()}\n`);
}

/** Prints one object as JSON (scripts and people alike: it holds nested payloads). */
export function printObject(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A line for people; with `--json`, nothing (the JSON is the whole answer). */
export function say(line: string, json: boolean): void {
  if (!json) {
    process.stdout.write(`${line}\n`);
  }
}

function format(value: unknown): string {
  if (value === null || value === undefined) {
    return '—';
  }
  return value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
}
