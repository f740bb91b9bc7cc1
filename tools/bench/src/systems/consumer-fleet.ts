import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext } from '../core/context';
import { BackendMeter, type BackendUsage } from '../scaling/backend-meter';
import type { ConsumerProcessArguments, FromConsumer, ToConsumer } from './consumer-protocol';
import type { Sandbox } from './driver';

/** A consumer process has this long to set up (connect, migrate) and to stop and report. */
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export interface FleetResult {
  /** Messages counted by all processes when the run ended (≥ expected unless the deadline hit). */
  counted: number;
  /** From `go` to the moment the counts reached `expected` (or the deadline). */
  seconds: number;
  reachedAll: boolean;
  processes: Array<{ handled: number; cpuMs: number; maxRssMb: number }>;
  /** CPU and activity of the PostgreSQL backends of the run's connections, when measured. */
  postgres?: BackendUsage;
}

interface Member {
  child: ChildProcess;
  count: number;
  messages: FromConsumer[];
  waiters: Array<() => void>;
  error?: string;
}

/**
 * Drains a sandbox with `processes` consumer processes of one system (consumer-process.ts), each
 * with `concurrency` handlers: all are set up first, then told `go` together; the clock runs until
 * their counts add up to `expected` or `deadlineMs` passes. With `applicationName` (carried in the
 * sandbox's database URL), the CPU time and wait events of their PostgreSQL backends are measured too.
 */
export async function runConsumerFleet(
  ctx: BenchContext,
  options: {
    system: string;
    sandbox: Sandbox;
    processes: number;
    concurrency: number;
    expected: number;
    deadlineMs: number;
    applicationName?: string;
  },
): Promise<FleetResult> {
  const args: ConsumerProcessArguments = {
    system: options.system,
    sandbox: options.sandbox,
    concurrency: options.concurrency,
    expected: options.expected,
  };
  const members: Member[] = Array.from({ length: options.processes }, () => {
    const child = fork(join(__dirname, 'consumer-process.js'), [JSON.stringify(args)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const member: Member = { child, count: 0, messages: [], waiters: [] };
    child.on('message', (message: FromConsumer) => {
      if (message.type === 'progress') {
        member.count = message.count;
      } else if (message.type === 'error') {
        member.error = message.message;
      }
      member.messages.push(message);
      member.waiters.splice(0).forEach((wake) => wake());
    });
    child.on('exit', (code) => {
      member.error ??= code === 0 ? undefined : `consumer process exited with ${code}`;
      member.waiters.splice(0).forEach((wake) => wake());
    });
    ctx.defer(() => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    });
    return member;
  });
  const tell = (message: ToConsumer) => members.forEach((member) => member.child.connected && member.child.send(message));
  await Promise.all(
    members.map((member) => until(member, (m) => m.messages.some((entry) => entry.type === 'ready'), READY_TIMEOUT_MS, 'ready')),
  );

  const meter = options.applicationName ? new BackendMeter(ctx.databaseUrl, options.applicationName) : undefined;
  await meter?.begin();
  const started = performance.now();
  tell({ type: 'go' });
  const total = () => members.reduce((sum, member) => sum + member.count, 0);
  const deadline = started + options.deadlineMs;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => check(), options.deadlineMs + 10);
    const check = () => {
      if (settled) {
        return;
      }
      const failed = members.find((member) => member.error);
      if (failed || total() >= options.expected || performance.now() >= deadline) {
        settled = true;
        clearTimeout(timer);
        return failed ? reject(new Error(failed.error)) : resolve();
      }
      members.forEach((member) => member.waiters.push(check));
    };
    check();
  });
  const seconds = (performance.now() - started) / 1000;
  const counted = total();
  const postgres = await meter?.end();
  tell({ type: 'stop' });
  const processes = await Promise.all(
    members.map(async (member) => {
      await until(member, (m) => m.messages.some((entry) => entry.type === 'stats'), STOP_TIMEOUT_MS, 'stats');
      const stats = member.messages.find((entry) => entry.type === 'stats') as Extract<FromConsumer, { type: 'stats' }>;
      return { handled: stats.handled, cpuMs: stats.cpuMs, maxRssMb: stats.maxRssMb };
    }),
  );
  return { counted, seconds, reachedAll: counted >= options.expected, processes, ...(postgres ? { postgres } : {}) };
}

/** Waits until `condition(member)` holds, the member fails, or `timeoutMs` passes. */
function until(member: Member, condition: (member: Member) => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumer process: no ${what} within ${timeoutMs} ms`)), timeoutMs);
    const check = () => {
      if (condition(member)) {
        clearTimeout(timer);
        resolve();
      } else if (member.error) {
        clearTimeout(timer);
        reject(new Error(member.error));
      } else {
        member.waiters.push(check);
      }
    };
    check();
  });
}
