import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The process id of the postmaster running on `dataDirectory`, from the first line of its
 * `postmaster.pid`, or undefined when none runs (no file, or a stale file whose process is gone).
 */
export function runningServerPid(dataDirectory: string): number | undefined {
  let firstLine: string;
  try {
    firstLine = readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '';
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(firstLine, 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

/** True when a process with `pid` exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the `postgres` user, seen from a normal user).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
