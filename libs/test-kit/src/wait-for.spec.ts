import { waitFor } from './wait-for';

describe(waitFor.name, () => {
  it('resolves with the first truthy value as soon as the condition holds, long before its deadline', async () => {
    let calls = 0;
    const startedAt = Date.now();
    const value = await waitFor(() => (++calls === 3 ? { found: calls } : undefined), { timeoutMs: 10_000, intervalMs: 10 });
    expect(value).toEqual({ found: 3 });
    expect(calls).toBe(3);
    // Two pauses of 10 ms: anything near the 10 s deadline means it waited for the deadline, not the condition.
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('awaits an asynchronous condition and does not call it again once it held', async () => {
    let calls = 0;
    await expect(waitFor(async () => ++calls >= 2, { intervalMs: 1 })).resolves.toBe(true);
    expect(calls).toBe(2);
  });

  it('fails at its deadline, not before and not long after', async () => {
    const startedAt = Date.now();
    await expect(waitFor(() => false, { timeoutMs: 300, intervalMs: 20 })).rejects.toThrow(/timed out after 300 ms/);
    const elapsed = Date.now() - startedAt;
    expect(elapsed).toBeGreaterThanOrEqual(300);
    // One more poll interval past the deadline at most, plus scheduling slack on a busy machine.
    expect(elapsed).toBeLessThan(1_000);
  });

  it('names what it waited for and the last value it saw in its error', async () => {
    let calls = 0;
    const failure = waitFor(() => (++calls, 0), { timeoutMs: 50, intervalMs: 10, description: 'the queue to drain' });
    await expect(failure).rejects.toThrow('timed out after 50 ms waiting for the queue to drain (last value: 0)');
    expect(calls).toBeGreaterThan(1);
  });

  it('passes on an error the condition throws instead of waiting out the deadline', async () => {
    const startedAt = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('the server went away');
        },
        { timeoutMs: 10_000 },
      ),
    ).rejects.toThrow('the server went away');
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
});
