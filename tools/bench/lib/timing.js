'use strict';

const { setTimeout: sleep } = require('node:timers/promises');

/**
 * Runs `operation` back to back for `durationMs` and returns how many completed per second.
 * Operations still running at the deadline are awaited and counted, and the elapsed time is
 * measured to the last completion, so no work is counted without its time.
 */
async function throughputFor(durationMs, workers, operation) {
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
  const seconds = (performance.now() - started) / 1000;
  return completed / seconds;
}

/** Polls `condition` every `everyMs` until it holds; throws after `timeoutMs` naming `what`. */
async function waitFor(condition, { timeoutMs, everyMs = 2, what }) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

/**
 * Calls `send(i)` at a steady `ratePerSecond` for `durationMs` without waiting for earlier sends
 * (an open loop: a slow send never delays the next one, as with real independent producers).
 * Resolves with the number sent once every send has settled; a failed send rejects.
 */
async function steadyRate(ratePerSecond, durationMs, send) {
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.round((durationMs / 1000) * ratePerSecond);
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait >= 1) {
      await sleep(wait);
    }
    pending.push(send(i));
  }
  await Promise.all(pending);
  return total;
}

module.exports = { throughputFor, waitFor, steadyRate, sleep };
