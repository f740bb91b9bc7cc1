import { readdirSync, readFileSync } from 'node:fs';

/** One row of the process table, read from /proc. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  uid: number;
  commandLine: string;
}

/** Every process visible in /proc right now. */
export function processTable(): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      rows.push({
        pid: Number(entry),
        ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]),
        uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]),
        commandLine,
      });
    } catch {
      // The process ended while we read it.
    }
  }
  return rows;
}

/**
 * The PostgreSQL processes of one data folder: its postmaster (the process whose command line
 * names the folder, `postgres -D <folder>`) and every process it started (backends, checkpointer,
 * walwriter…, whose command lines PostgreSQL rewrites to `postgres: …`).
 */
export function postgresProcessesOf(dataDirectory: string): ProcessRow[] {
  const table = processTable();
  const postmasters = table.filter((row) => row.commandLine.includes(`-D ${dataDirectory}`) && /\/postgres\b/.test(row.commandLine));
  const pids = new Set(postmasters.map((row) => row.pid));
  return [...postmasters, ...table.filter((row) => pids.has(row.ppid))];
}

/** The ones of `pids` that still exist. */
export function stillRunning(pids: readonly number[]): number[] {
  const alive = new Set(processTable().map((row) => row.pid));
  return pids.filter((pid) => alive.has(pid));
}
