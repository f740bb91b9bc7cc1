import type { ScenarioEnvironment } from '../run/scenario';

/**
 * Repeats `fault` every `everyMs` while the producer runs, waiting `firstAfterMs` before the first;
 * at least `minTimes` times (default 1) even when the producer is done sooner, so that a quick run
 * still sees every kind of fault (the workers are still draining then), at most `maxTimes`.
 */
export async function repeatWhileProducing(
  env: ScenarioEnvironment,
  options: { firstAfterMs: number; everyMs: number; minTimes?: number; maxTimes?: number },
  fault: (round: number) => Promise<void>,
): Promise<void> {
  const minTimes = options.minTimes ?? 1;
  const pace = (ms: number) =>
    env.producing() ? env.pauseWhileProducing(ms) : new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2_000)));
  await pace(options.firstAfterMs);
  for (let round = 0; round < (options.maxTimes ?? Infinity); round += 1) {
    await fault(round);
    if (!env.producing() && round + 1 >= minTimes) return;
    await pace(options.everyMs);
  }
}
