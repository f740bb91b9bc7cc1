import type { Command } from 'commander';
import type { QueueHealth } from '@tenaz/messaging';
import { EXIT } from '../exit-codes';
import { printRows } from '../output';
import type { GlobalOptions } from '../global-options';
import { withMessaging } from '../with-messaging';

/** The SLA state the library reports, or today's compliant/breached when it has no state yet. */
function stateOf(health: QueueHealth): string {
  const state = (health as QueueHealth & { state?: string }).state;
  return state ?? (health.slaCompliant ? 'ok' : 'breaching');
}

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
          const rates = (health as QueueHealth & { throughput?: { publishedPerSecond: number; completedPerSecond: number } }).throughput;
          rows.push({
            queue: health.queue,
            transport: health.transport,
            depth: health.pending,
            inFlight: health.processing,
            deadLetters: health.deadLettered,
            oldestWaitMs: health.oldestPendingAgeMs,
            inPerSec: rates ? Number(rates.publishedPerSecond.toFixed(2)) : null,
            outPerSec: rates ? Number(rates.completedPerSecond.toFixed(2)) : null,
            p95EndToEndMs: health.p95EndToEndMs,
            failureRate: Number(health.failureRate.toFixed(4)),
            slaMs: health.slaMs,
            sla: stateOf(health),
          });
        }
        printRows(rows, globals().json);
        if (rows.some((row) => row.sla === 'breaching' || row.sla === 'stuck')) {
          process.exitCode = EXIT.slaBreached;
        }
      }),
    );
}
