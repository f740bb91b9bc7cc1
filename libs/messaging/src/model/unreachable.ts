import { InvariantViolatedError } from './errors';

/** The default branch of an exhaustive switch: the compiler proves it unreachable, this makes a violation loud. */
export function unreachable(value: never, what: string): never {
  throw new InvariantViolatedError(`unknown ${what} ${JSON.stringify(value) ?? String(value)}`);
}
