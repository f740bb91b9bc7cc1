import { WriteCombiner } from './write-combiner';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe(WriteCombiner.name, () => {
  it('flushes a lone item at once', async () => {
    const flushes: number[][] = [];
    const combiner = new WriteCombiner<number, number>(async (items) => (flushes.push(items), items.map((i) => i * 10)), {
      maxInFlight: 1,
      maxBatch: 100,
    });
    await expect(combiner.submit(1)).resolves.toBe(10);
    expect(flushes).toEqual([[1]]);
  });

  it('combines items submitted while a flush is in flight, resolving each after its own flush', async () => {
    const gates = [deferred<void>(), deferred<void>()];
    const flushes: number[][] = [];
    const combiner = new WriteCombiner<number, string>(
      async (items) => {
        const gate = gates[flushes.length];
        flushes.push(items);
        await gate.promise;
        return items.map(String);
      },
      { maxInFlight: 1, maxBatch: 100 },
    );
    const first = combiner.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4].map((i) => combiner.submit(i));
    let restSettled = false;
    void Promise.all(rest).then(() => (restSettled = true));
    gates[0].resolve();
    await expect(first).resolves.toBe('1');
    expect(restSettled).toBe(false);
    gates[1].resolve();
    await expect(Promise.all(rest)).resolves.toEqual(['2', '3', '4']);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('sends items submitted in the same turn of the event loop together', async () => {
    const flushes: number[][] = [];
    const combiner = new WriteCombiner<number, number>(async (items) => (flushes.push(items), items), { maxInFlight: 4, maxBatch: 100 });
    await Promise.all([1, 2, 3].map((i) => combiner.submit(i)));
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('keeps a group whole and rejects every caller of a failed flush', async () => {
    const gate = deferred<void>();
    const flushes: number[][] = [];
    const combiner = new WriteCombiner<number, number>(
      async (items) => {
        flushes.push(items);
        if (flushes.length === 1) await gate.promise;
        if (items.includes(5)) throw new Error('boom');
        return items;
      },
      { maxInFlight: 1, maxBatch: 3 },
    );
    const first = combiner.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    const group = combiner.submitMany([1, 2, 3, 4, 5]);
    const after = combiner.submit(6);
    gate.resolve();
    await first;
    await expect(group).rejects.toThrow('boom');
    await expect(after).resolves.toBe(6);
    expect(flushes).toEqual([[0], [1, 2, 3, 4, 5], [6]]);
  });

  it('retries a combined flush group by group when the failure lies in the data of one group, so only that group fails', async () => {
    const flushes: string[][] = [];
    const poison = new Error('invalid input syntax');
    const flush = async (items: string[]) => {
      flushes.push(items);
      if (items.includes('bad')) throw poison;
      return items.map((item) => item.toUpperCase());
    };
    const combiner = new WriteCombiner<string, string>(flush, {
      maxInFlight: 1,
      maxBatch: 100,
      isolateFailures: (error) => error === poison,
    });
    const outcomes = await Promise.allSettled([combiner.submit('a'), combiner.submitMany(['b', 'bad']), combiner.submit('c')]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: poison },
      { status: 'fulfilled', value: 'C' },
    ]);
    expect(flushes).toEqual([['a', 'b', 'bad', 'c'], ['a'], ['b', 'bad'], ['c']]);
  });

  it('fails every caller of a combined flush when the store itself failed, without retrying group by group', async () => {
    const flushes: number[][] = [];
    const down = new Error('connection refused');
    const combiner = new WriteCombiner<number, number>(async (items) => (flushes.push(items), Promise.reject(down)), {
      maxInFlight: 1,
      maxBatch: 100,
      isolateFailures: (error) => error !== down,
    });
    const outcomes = await Promise.allSettled([combiner.submit(1), combiner.submit(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(flushes).toEqual([[1, 2]]);
  });
});
