import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Messaging } from '../core/create-messaging';
import { DeadlineExceededError, UnknownQueueError } from '../model/errors';
import type { QueueHealth } from '../model/queue-health';
import { MESSAGING } from './messaging.constants';
import { withDeadline } from '../model/deadline';

/** Options of `MessagingHealthIndicator.isHealthy`. */
export interface MessagingHealthOptions {
  /** The queues whose SLA counts (default: every configured queue). */
  queues?: readonly string[];
  /**
   * How long the transports and queue statistics may take before the indicator reports down.
   * Default 2,000 ms: under an orchestrator's usual 1-10 s probe timeout, with room for the stats
   * query on a loaded database.
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 2_000;

/**
 * A terminus health indicator with two checks, so a queue breaking its SLA never takes a replica
 * out of its load balancer (a provider outage would take every replica out at once, although
 * they still accept work):
 *
 * - `isHealthy`: readiness. Up when every transport answers; the queues' SLA figures are in the
 *   details (`queues`, `slaBreaches`) but never make it down.
 * - `isWithinSla`: up when every queue meets its SLA (see `QueueHealth.slaCompliant`), down with
 *   the numbers otherwise; for an SLA endpoint that alerts, never for readiness.
 *
 * ```ts
 * this.health.check([() => this.messaging.isHealthy('messaging')])
 * // { messaging: { status: 'up', transports: { postgres: true }, slaBreaches: [], queues: { notifications: { pending, oldestPendingAgeMs, slaCompliant, ... } } } }
 * ```
 */
@Injectable()
export class MessagingHealthIndicator {
  constructor(
    @Inject(MESSAGING) private readonly messaging: Messaging,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /**
   * Readiness: the transports answer. Returns terminus' `down` result (which turns the check into a
   * 503) rather than throwing; asking for a queue that is not configured is a programming error and
   * throws `UnknownQueueError`.
   */
  async isHealthy<const Key extends string>(key: Key, options: MessagingHealthOptions = {}): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const figures = await this.read(options);
    if ('failure' in figures) {
      return indicator.down({ message: figures.failure });
    }
    const { transports, queues, slaBreaches } = figures;
    const transportsDown = Object.keys(transports).filter((name) => !transports[name]);
    if (transportsDown.length > 0) {
      return indicator.down({
        message: transportsDown.map((name) => `transport ${name} does not answer`).join('; '),
        transports,
        slaBreaches,
        queues,
      });
    }
    return indicator.up({ transports, slaBreaches, queues });
  }

  /** The queues' SLA: down, with every queue's figures, when one breaks it (or the figures cannot be read). */
  async isWithinSla<const Key extends string>(key: Key, options: MessagingHealthOptions = {}): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const figures = await this.read(options);
    if ('failure' in figures) {
      return indicator.down({ message: figures.failure });
    }
    const { queues, slaBreaches } = figures;
    if (slaBreaches.length > 0) {
      return indicator.down({ message: slaBreaches.map((queue) => `queue ${queue} breaks its SLA`).join('; '), slaBreaches, queues });
    }
    return indicator.up({ slaBreaches, queues });
  }

  private async read(
    options: MessagingHealthOptions,
  ): Promise<{ transports: Record<string, boolean>; queues: Record<string, QueueHealth>; slaBreaches: string[] } | { failure: string }> {
    const queueNames = options.queues ?? [...this.messaging.queues.keys()];
    const unknown = queueNames.find((queue) => !this.messaging.queues.has(queue));
    if (unknown !== undefined) {
      throw new UnknownQueueError(unknown, [...this.messaging.queues.keys()]);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    try {
      const [transports, healths] = await withDeadline(
        Promise.all([this.messaging.ping(), Promise.all(queueNames.map((queue) => this.messaging.health(queue)))]),
        timeoutMs,
        'messaging health check',
      );
      const queues = Object.fromEntries(healths.map((health) => [health.queue, health]));
      return { transports, queues, slaBreaches: healths.filter((health) => !health.slaCompliant).map((health) => health.queue) };
    } catch (error) {
      // The reason without internals: a driver's message names hosts, ports and statements.
      return {
        failure: error instanceof DeadlineExceededError ? `no answer within ${timeoutMs} ms` : `the check failed (${failureCode(error)})`,
      };
    }
  }
}

function failureCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/i.test(code) ? code : ((error as Error | null)?.name ?? 'error');
}
