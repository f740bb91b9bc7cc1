/** Numbers as tables show them: large throughputs whole, small values with two decimals. */
export function formatValue(value: number | null | undefined): string {
  if (value === undefined || value === null || !Number.isFinite(value)) {
    return '—';
  }
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

/** A ratio as `0.73×`, or a dash. */
export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(2)}×`;
}

/** `≥ 0.7×` / `≤ 1.2×` for a goal in a direction, or a dash. */
export function goalText(goal: number | null | undefined, direction: 'higher' | 'lower'): string {
  if (goal === undefined || goal === null) {
    return '—';
  }
  return `${direction === 'higher' ? '≥' : '≤'} ${goal}×`;
}

/** Pads columns of rows (arrays of strings) into aligned lines. */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => String(row[column]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => String(cell).padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
