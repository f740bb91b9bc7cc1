/** Measurement settings from the command line, shared by every scenario of a run. */
export interface BenchSettings {
  /** Measured window of each throughput run (after a short warm-up). */
  windowMs: number;
  /** Measured window of each latency run (after its warm-up). */
  latencyWindowMs: number;
  /** Messages in each drain backlog. */
  backlog: number;
  /**
   * A drain that has not handled its whole backlog by then reports the rate over what it handled
   * (with a note): pg-boss's defaults handle one job per 2 s poll per worker, which would take
   * hours over a 30,000-message backlog.
   */
  drainDeadlineMs: number;
  /** `--quick`: smaller windows and backlogs, one round. */
  quick: boolean;
}
