/** How often {@link waitUntil} checks: short against a human's wait, long against a CPU. */
const CHECK_INTERVAL_MS = 50;

/**
 * Resolves true as soon as `condition` holds, or false once `timeoutMs` passed without it.
 */
export async function waitUntil(condition: () => boolean, { timeoutMs }: { timeoutMs: number }): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, CHECK_INTERVAL_MS));
  }
  return true;
}
