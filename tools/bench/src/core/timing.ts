import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Runs `operation` back to back in `workers` loops for `durationMs` and returns how many
 * completed per second. Operations still running at the deadline are awaited and counted, and the
 * elapsed time is measured to the last completion, so no work is counted without its time.
 * `operation` returns how many messages it completed.
 */
export async function throughputFor(durationMs: number, workers: number, operation: (worker: number) => Promise<number>): Promise<number> {
  const started = performance.now();
  const deadline = started + durationMs;
  let completed = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        // Not `completed += await …`: that reads `completed` before the await and loses the
        // increments other workers made meanwhile.
        const done = await operation(worker);
        completed += done;
      }
    }),
  );
  return completed / ((performance.now() - started) / 1000);
}

/** Polls `condition` every `everyMs` until it holds; throws after `timeoutMs` naming `what`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  options: { timeoutMs: number; everyMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    }
    await sleep(options.everyMs ?? 2);
  }
}

/**
 * Calls `send(i)` at a steady `ratePerSecond` for `durationMs` without waiting for earlier sends
 * (an open loop: a slow send never delays the next one, as with real independent producers).
 * Resolves with the number sent once every send has settled; a failed send rejects.
 */
export async function steadyRate(ratePerSecond: number, durationMs: number, send: (i: number) => Promise<unknown>): Promise<number> {
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.round((durationMs / 1000) * ratePerSecond);
  const started = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < total; i += 1) {
    const wait = started + i * intervalMs - performance.now();
    if (wait >= 1) {
      await sleep(wait);
    }
    pending.push(send(i));
  }
  await Promise.all(pending);
  return total;
}
