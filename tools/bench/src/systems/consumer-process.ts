/**
 * A consumer of one system in a process of its own, so that its memory and CPU are its own:
 * started by consumer-fleet.ts with ConsumerProcessArguments, it sets the driver up, says
 * `ready`, starts consuming on `go`, reports its count every 5 ms (and at once when it reaches
 * the run's expected total), and on `stop` stops, reports its CPU time and peak RSS, and exits.
 */
import type { BenchPayload } from '../core/workload';
import type { ConsumerProcessArguments, FromConsumer, ToConsumer } from './consumer-protocol';
import type { RunningConsumer } from './driver';
import { createDriver } from './systems';

/** How often the count goes to the parent: 5 ms is ≤ 1% of the shortest drain it times here. */
const PROGRESS_EVERY_MS = 5;

function send(message: FromConsumer): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as ConsumerProcessArguments;
  const driver = await createDriver(args.system);
  await driver.setup(args.sandbox);
  let handled = 0;
  let consumer: RunningConsumer | undefined;
  let cpuAtGo = process.cpuUsage();
  let reported = -1;
  let timer: NodeJS.Timeout | undefined;
  const count = () => consumer?.acknowledged?.() ?? handled;
  const report = () => {
    const now = count();
    if (now !== reported) {
      reported = now;
      send({ type: 'progress', count: now });
    }
  };
  const onMessage = (_message: BenchPayload) => {
    handled += 1;
    if (handled === args.expected && !consumer?.acknowledged) {
      report();
    }
  };

  process.on('message', (message: ToConsumer) => {
    if (message.type === 'go') {
      cpuAtGo = process.cpuUsage();
      void driver
        .startConsumer(args.concurrency, onMessage)
        .then((started) => {
          consumer = started;
          timer = setInterval(report, PROGRESS_EVERY_MS);
        })
        .catch(fail);
    } else if (message.type === 'stop') {
      clearInterval(timer);
      report();
      const cpu = process.cpuUsage(cpuAtGo);
      void (async () => {
        await consumer?.stop();
        await driver.teardown();
        // maxRSS is the process's peak resident set so far, in KiB (getrusage).
        send({ type: 'stats', handled, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 });
        process.disconnect?.();
      })().catch(fail);
    }
  });
  send({ type: 'ready' });
}

function fail(error: unknown): void {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
}

main().catch(fail);
