import { DeadlineExceededError } from './errors';

/** Resolves or rejects as `work` does, or rejects with `DeadlineExceededError` after `deadlineMs`, whichever comes first. */
export function withDeadline<T>(work: Promise<T>, deadlineMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(operation, deadlineMs)), deadlineMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
