import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** What a polled call has given so far. */
export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Fetches now, out of turn (after an action). */
  refresh: () => Promise<void>;
}

/**
 * Calls `load` now and every `intervalMs` while the component is mounted; a call never overlaps
 * the previous one, so a slow server is polled more slowly rather than piled up.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, dependencies: readonly unknown[]): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const running = useRef<Promise<void> | undefined>(undefined);
  const fetchOnce = useCallback(load, dependencies);

  const refresh = useCallback(async () => {
    if (running.current) {
      return running.current;
    }
    running.current = fetchOnce()
      .then((value) => {
        setData(value);
        setError(undefined);
      })
      .catch((failure: Error) => setError(failure))
      .finally(() => {
        running.current = undefined;
      });
    return running.current;
  }, [fetchOnce]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);

  return { data, error, refresh };
}
