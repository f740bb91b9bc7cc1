import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`); `.ci/run` installs it when it is missing.
 * `TENAZ_CHROMIUM_PATH` points elsewhere (another build, or a missing path to see the tests fail).
 */
export const CHROMIUM_PATH = process.env['TENAZ_CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Flags for a shared CI machine: no display (`--headless`), no user namespaces in containers
 * (`--no-sandbox`), no GPU, and no calls home (there is no internet here).
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Why a browser test cannot run, or undefined when it can: tests fail with this, never skip. */
export function missingChromium(executablePath = CHROMIUM_PATH): string | undefined {
  return existsSync(executablePath)
    ? undefined
    : `Chromium is missing at ${executablePath}: install it (DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; .ci/run does) before running browser tests`;
}

/** Launches the system Chromium through playwright-core (which downloads no browser of its own). */
export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  const missing = missingChromium(executablePath);
  if (missing) {
    throw new Error(missing);
  }
  // Loaded here, not at the top: every test file imports the test kit, few drive a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 30_000 });
}
