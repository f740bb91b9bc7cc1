import type { Channel } from 'amqplib';
import { PRIORITIES, Priority } from '../../model/message';
import { ladderLevels, levelBindingPatterns, MIN_LEVEL } from './delay-ladder';

/**
 * The broker objects of the RabbitMQ transport, and their names. Everything is durable and
 * declared by the library, idempotently, on every (re)connect; nothing needs a broker plugin.
 *
 * Per work queue `q`:
 *   tenaz.q.p2, tenaz.q.p1, tenaz.q.p0  quorum queues, one per priority (quorum queues have no
 *                                       priorities); consumers drain them highest first
 *   tenaz.q.dead                        fanout exchange and quorum queue of the dead letters
 * Shared by all queues of a vhost:
 *   tenaz.delay.3 … tenaz.delay.34      the delay ladder (topic exchanges + TTL'd quorum queues)
 *   tenaz.delivery                      topic exchange: the ladder's way back into the work queues
 *
 * Quorum queues replicate in a cluster and survive broker restarts. Every queue that dead-letters
 * does so at-least-once (`x-dead-letter-strategy`, RabbitMQ 3.10+, which requires
 * `x-overflow: reject-publish`), so a delayed retry is never dropped between two queues.
 */
export const TOPOLOGY_PREFIX = 'tenaz';

/** The work queue of one priority level. */
export function workQueueName(queue: string, priority: Priority): string {
  return `${TOPOLOGY_PREFIX}.${queue}.p${priority}`;
}

/** The two routing-key words that name a work queue at the end of a ladder routing key. */
export function ladderDestination(queue: string, priority: Priority): string {
  return `${queue}.p${priority}`;
}

/** The dead-letter exchange and queue of a work queue (same name for both). */
export function deadLetterName(queue: string): string {
  return `${TOPOLOGY_PREFIX}.${queue}.dead`;
}

export function delayLevelName(level: number): string {
  return `${TOPOLOGY_PREFIX}.delay.${level}`;
}

export const DELIVERY_EXCHANGE = `${TOPOLOGY_PREFIX}.delivery`;

const QUORUM = { 'x-queue-type': 'quorum' } as const;
const AT_LEAST_ONCE_DEAD_LETTERING = { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } as const;

/** Declares the shared delay ladder and delivery exchange. */
export async function declareDelayLadder(channel: Channel): Promise<void> {
  await channel.assertExchange(DELIVERY_EXCHANGE, 'topic', { durable: true });
  for (const level of ladderLevels()) {
    const name = delayLevelName(level);
    const below = level === MIN_LEVEL ? DELIVERY_EXCHANGE : delayLevelName(level - 1);
    const patterns = levelBindingPatterns(level);
    await channel.assertExchange(name, 'topic', { durable: true });
    await channel.assertQueue(name, {
      durable: true,
      arguments: { ...QUORUM, ...AT_LEAST_ONCE_DEAD_LETTERING, 'x-message-ttl': 2 ** level, 'x-dead-letter-exchange': below },
    });
    await channel.bindQueue(name, name, patterns.bitSet);
  }
  // Exchange-to-exchange bindings after every exchange exists.
  for (const level of ladderLevels()) {
    const below = level === MIN_LEVEL ? DELIVERY_EXCHANGE : delayLevelName(level - 1);
    await channel.bindExchange(below, delayLevelName(level), levelBindingPatterns(level).bitClear);
  }
}

/** The quorum queue type, with a replication factor when the queue asks for one (else the broker's default). */
function quorum(replicas: number | undefined): Record<string, unknown> {
  return replicas === undefined ? { ...QUORUM } : { ...QUORUM, 'x-quorum-initial-group-size': replicas };
}

/** Declares one work queue's priority queues and its dead-letter exchange and queue. */
export async function declareWorkQueue(channel: Channel, queue: string, replicas?: number): Promise<void> {
  const dead = deadLetterName(queue);
  await channel.assertExchange(dead, 'fanout', { durable: true });
  await channel.assertQueue(dead, { durable: true, arguments: quorum(replicas) });
  await channel.bindQueue(dead, dead, '');
  for (const priority of PRIORITIES) {
    const name = workQueueName(queue, priority);
    // Anything the broker itself dead-letters (a policy's max-length, an operator's reject) lands
    // in the dead-letter queue rather than being dropped.
    await channel.assertQueue(name, {
      durable: true,
      arguments: { ...quorum(replicas), ...AT_LEAST_ONCE_DEAD_LETTERING, 'x-dead-letter-exchange': dead },
    });
    // Work queue names contain no dots, so the last two words identify the destination.
    await channel.bindQueue(name, DELIVERY_EXCHANGE, `#.${ladderDestination(queue, priority)}`);
  }
}
