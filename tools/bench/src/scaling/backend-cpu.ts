import { Client } from 'pg';
import { sql } from '../core/sql-files';
import { processCpuMs } from './proc-stat';

/**
 * Follows the CPU time of the PostgreSQL backends serving one application_name (the consumers of
 * one run): a snapshot at the start, a look every 100 ms for backends that connect later, and the
 * total at the end. A backend that connected during the run counts from zero; one that closed
 * before the end counts up to its last sample.
 */
export class BackendCpuMeter {
  private readonly start = new Map<number, number>();
  private readonly last = new Map<number, number>();
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
    for (const pid of await this.pids()) {
      const cpu = processCpuMs(pid);
      if (cpu !== undefined) {
        this.start.set(pid, cpu);
        this.last.set(pid, cpu);
      }
    }
    this.timer = setInterval(() => {
      this.sampling ??= this.sample().finally(() => (this.sampling = undefined));
    }, 100);
  }

  /** CPU ms the backends used since `begin()`. */
  async end(): Promise<number> {
    clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    await this.client?.end();
    let total = 0;
    for (const [pid, cpu] of this.last) {
      total += cpu - (this.start.get(pid) ?? 0);
    }
    return total;
  }

  private async sample(): Promise<void> {
    for (const pid of await this.pids()) {
      const cpu = processCpuMs(pid);
      if (cpu !== undefined) {
        this.last.set(pid, cpu);
      }
    }
  }

  private async pids(): Promise<number[]> {
    const { rows } = await this.client!.query<{ pid: number }>(sql('backends-of-application'), [this.applicationName]);
    return rows.map((row) => row.pid);
  }
}
