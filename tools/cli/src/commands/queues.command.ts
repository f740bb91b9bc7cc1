import type { Command } from 'commander';
import { EXIT } from '../exit-codes';
import { printRows } from '../output';
import type { GlobalOptions } from '../global-options';
import { withMessaging } from '../with-messaging';

/** `tenaz queues [names...]`: every queue's transport, depth, rates, p95 and SLA state. Exit 5 when one is out of its SLA. */
export function registerQueues(program: Command, globals: () => GlobalOptions): void {
  program
    .command('queues')
    .description('every queue: transport, depth, rates, p95 end-to-end, SLA state (exit 5 if one is not ok)')
    .argument('[queues...]', 'queues to show (default: all)')
    .action((names: string[]) =>
      withMessaging(globals().messaging, async (messaging) => {
        const selected = names.length > 0 ? names : [...messaging.queues.keys()];
        const rows = [];
        for (const name of selected) {
          const health = await messaging.health(name);
          rows.push({
            queue: health.queue,
            transport: health.transport,
            depth: health.pending,
            inFlight: health.processing,
            deadLetters: health.deadLettered,
            oldestWaitMs: health.oldestPendingAgeMs,
            inPerSec: Number(health.throughput.publishedPerSecond.toFixed(2)),
            outPerSec: Number(health.throughput.completedPerSecond.toFixed(2)),
            p95EndToEndMs: health.p95EndToEndMs,
            failureRate: Number(health.failureRate.toFixed(4)),
            slaMs: health.slaMs,
            sla: health.state,
          });
        }
        printRows(rows, globals().json);
        if (rows.some((row) => row.sla === 'breaching' || row.sla === 'stuck')) {
          process.exitCode = EXIT.slaBreached;
        }
      }),
    );
}
