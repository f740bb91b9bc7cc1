interface PendingGroup<T, R> {
  items: readonly T[];
  resolve: (results: R[]) => void;
  reject: (error: unknown) => void;
}

/** How a {@link WriteCombiner} flushes. */
export interface WriteCombinerOptions {
  /** Flushes running at once; each holds one connection. */
  maxInFlight: number;
  /** Items per flush; a group larger than this still goes whole. */
  maxBatch: number;
}

/**
 * Group commit for writes. Callers submit while earlier flushes are in flight; whatever queued up
 * meanwhile goes out together in the next flush, so N concurrent callers share one round trip and
 * one commit, and each caller resolves only after the flush carrying its items succeeded.
 * An idle combiner flushes on the next turn of the event loop: a lone caller never waits for
 * company beyond that.
 *
 * A group (from `submitMany`) is never split across flushes, so a batch stays all-or-nothing.
 */
export class WriteCombiner<T, R> {
  private readonly queue: PendingGroup<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly options: WriteCombinerOptions,
  ) {}

  submit(item: T): Promise<R> {
    return this.submitMany([item]).then((results) => results[0]);
  }

  submitMany(items: readonly T[]): Promise<R[]> {
    if (items.length === 0) {
      return Promise.resolve([]);
    }
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a flush slot. */
  get backlog(): number {
    return this.queue.reduce((sum, group) => sum + group.items.length, 0);
  }

  /**
   * Flushes on the next turn of the event loop rather than inside `submit`: callers that submit
   * in the same turn (16 concurrent requests resolving together) share one flush instead of the
   * first of them going out alone.
   */
  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.pump();
      });
    }
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const groups = this.takeBatch();
      this.inFlight += 1;
      void this.run(groups);
    }
  }

  private takeBatch(): PendingGroup<T, R>[] {
    const groups = [this.queue.shift() as PendingGroup<T, R>];
    let size = groups[0].items.length;
    while (this.queue.length > 0 && size + this.queue[0].items.length <= this.options.maxBatch) {
      const next = this.queue.shift() as PendingGroup<T, R>;
      size += next.items.length;
      groups.push(next);
    }
    return groups;
  }

  private async run(groups: PendingGroup<T, R>[]): Promise<void> {
    try {
      const results = await this.flush(groups.flatMap((group) => group.items));
      let offset = 0;
      for (const group of groups) {
        group.resolve(results.slice(offset, offset + group.items.length));
        offset += group.items.length;
      }
    } catch (error) {
      for (const group of groups) {
        group.reject(error);
      }
    } finally {
      this.inFlight -= 1;
      this.pump();
    }
  }
}
