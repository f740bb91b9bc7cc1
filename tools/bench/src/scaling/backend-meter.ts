import { Client } from 'pg';
import { sql } from '../core/sql-files';
import { processCpuMs } from './proc-stat';

/** What the backends of a run did: CPU ms since `begin()`, and the share of samples per activity. */
export interface BackendUsage {
  cpuMs: number;
  /** Activity (wait event, or state) → share of all backend samples, largest first. */
  activities: Array<{ activity: string; share: number }>;
}

/**
 * Follows the PostgreSQL backends serving one application_name (the consumers of one run): their
 * CPU time (a snapshot at the start, a look every 100 ms for backends that connect later, the
 * total at the end; a backend that connected during the run counts from zero, one that closed
 * counts up to its last sample), and what each was doing at each look (pg_stat_activity's wait
 * event or state), which says why a drain that is not CPU-bound stops.
 */
export class BackendMeter {
  private readonly start = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly activityCounts = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private client?: Client;
  private sampling?: Promise<void>;

  constructor(
    private readonly databaseUrl: string,
    private readonly applicationName: string,
  ) {}

  async begin(): Promise<void> {
    this.client = new Client({ connectionString: this.databaseUrl });
    this.client.on('error', () => undefined);
    await this.client.connect();
    for (const { pid } of await this.backends()) {
      const cpu = processCpuMs(pid);
      if (cpu !== undefined) {
        this.start.set(pid, cpu);
        this.last.set(pid, cpu);
      }
    }
    this.timer = setInterval(() => {
      this.sampling ??= this.sample(true).finally(() => (this.sampling = undefined));
    }, 100);
  }

  async end(): Promise<BackendUsage> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample(false);
    await this.client?.end();
    let cpuMs = 0;
    for (const [pid, cpu] of this.last) {
      cpuMs += cpu - (this.start.get(pid) ?? 0);
    }
    const total = [...this.activityCounts.values()].reduce((sum, count) => sum + count, 0);
    const activities = [...this.activityCounts]
      .map(([activity, count]) => ({ activity, share: count / total }))
      .sort((a, b) => b.share - a.share);
    return { cpuMs, activities };
  }

  private async sample(countActivities: boolean): Promise<void> {
    for (const { pid, activity } of await this.backends()) {
      const cpu = processCpuMs(pid);
      if (cpu !== undefined) {
        this.last.set(pid, cpu);
      }
      if (countActivities) {
        this.activityCounts.set(activity, (this.activityCounts.get(activity) ?? 0) + 1);
      }
    }
  }

  private async backends(): Promise<Array<{ pid: number; activity: string }>> {
    const { rows } = await this.client!.query<{ pid: number; activity: string }>(sql('backends-of-application'), [this.applicationName]);
    return rows;
  }
}
