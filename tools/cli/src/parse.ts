import { InvalidArgumentError } from 'commander';

/** Commander parsers for the CLI's numeric options. */
export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new InvalidArgumentError('a whole number, 0 or more');
  }
  return parsed;
}

export function positiveInteger(value: string): number {
  const parsed = nonNegativeInteger(value);
  if (parsed === 0) {
    throw new InvalidArgumentError('a whole number, 1 or more');
  }
  return parsed;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** An age such as `90s`, `15m`, `2h`, `7d` (or plain milliseconds) → milliseconds. */
export function age(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (!match) {
    throw new InvalidArgumentError('an age such as 90s, 15m, 2h or 7d');
  }
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 'ms']);
}
