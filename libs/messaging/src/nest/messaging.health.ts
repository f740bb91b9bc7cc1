import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Messaging } from '../core/create-messaging';
import { UnknownQueueError } from '../model/errors';
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
 * A terminus health indicator: up when every transport answers and every queue meets its SLA
 * (see `QueueHealth.slaCompliant`), down otherwise, with the numbers that decided it.
 *
 * ```ts
 * this.health.check([() => this.messaging.isHealthy('messaging')])
 * // { messaging: { status: 'up', transports: { postgres: true }, queues: { notifications: { pending, oldestPendingAgeMs, slaCompliant, ... } } } }
 * ```
 */
@Injectable()
export class MessagingHealthIndicator {
  constructor(
    @Inject(MESSAGING) private readonly messaging: Messaging,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /**
   * Checks the transports and the queues' SLA. Returns terminus' `down` result (which turns the
   * check into a 503) rather than throwing; asking for a queue that is not configured is a
   * programming error and throws `UnknownQueueError`.
   */
  async isHealthy<const Key extends string>(key: Key, options: MessagingHealthOptions = {}): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.indicators.check(key);
    const queueNames = options.queues ?? [...this.messaging.queues.keys()];
    const unknown = queueNames.find((queue) => !this.messaging.queues.has(queue));
    if (unknown !== undefined) {
      throw new UnknownQueueError(unknown, [...this.messaging.queues.keys()]);
    }
    let transports: Record<string, boolean>;
    let healths: QueueHealth[];
    try {
      [transports, healths] = await withDeadline(
        Promise.all([this.messaging.ping(), Promise.all(queueNames.map((queue) => this.messaging.health(queue)))]),
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        'messaging health check',
      );
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
    const queues = Object.fromEntries(healths.map((health) => [health.queue, health]));
    const transportsDown = Object.keys(transports).filter((name) => !transports[name]);
    const queuesOutOfSla = healths.filter((health) => !health.slaCompliant).map((health) => health.queue);
    if (transportsDown.length > 0 || queuesOutOfSla.length > 0) {
      const message = [
        ...transportsDown.map((name) => `transport ${name} does not answer`),
        ...queuesOutOfSla.map((queue) => `queue ${queue} breaks its SLA`),
      ].join('; ');
      return indicator.down({ message, transports, queues });
    }
    return indicator.up({ transports, queues });
  }
}
