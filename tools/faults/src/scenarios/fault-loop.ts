import type { ScenarioEnvironment } from '../run/scenario';

/**
 * Repeats `fault` every `everyMs` while the producer runs (at least once, so that a quick run
 * still sees a fault), waiting `firstAfterMs` before the first.
 */
export async function repeatWhileProducing(env: ScenarioEnvironment, options: { firstAfterMs: number; everyMs: number; maxTimes?: number }, fault: (round: number) => Promise<void>): Promise<void> {
  await env.pauseWhileProducing(options.firstAfterMs);
  for (let round = 0; round < (options.maxTimes ?? Infinity); round += 1) {
    await fault(round);
    if (!env.producing()) return;
    await env.pauseWhileProducing(options.everyMs);
    if (!env.producing()) return;
  }
}
