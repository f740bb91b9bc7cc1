import type { Locator } from 'playwright-core';
import { waitFor } from './wait-for';

/** Waits until the element's text is `expected`: a page that refreshes every few seconds gets 30 s. */
export async function textBecomes(locator: Locator, expected: string, description: string): Promise<void> {
  await waitFor(async () => ((await locator.count()) > 0 ? (await locator.first().textContent())?.trim() === expected : false), {
    timeoutMs: 30_000,
    intervalMs: 100,
    description: `${description} ("${expected}")`,
  });
}
