import type { Channel, GetMessage } from 'amqplib';
import { TransportUnavailableError } from '../../model/errors';
import type { MessagingLogger } from '../../model/logger';
import type { ResolvedQueue } from '../../model/messaging-options';
import { matchesDeadLetter, selectsAll } from '../../model/dead-letter-selector';
import type { DeadLetter, DeadLetterSelector } from '../../transport/transport.interface';
import type { AmqpConnection } from './amqp-connection';
import { decodeMessage, DecodedMessage, Envelope } from './amqp-message';
import { ManagedChannel } from './managed-channel';
import { deadLetterName } from './topology';

/** What the browser needs from its transport. */
export interface DeadLetterBrowserDependencies {
  connection: AmqpConnection;
  /** Publishes a replayed copy to its work queue and resolves once it is confirmed. */
  replay: (queue: ResolvedQueue, envelope: Envelope, content: Buffer) => Promise<void>;
  logger: MessagingLogger;
}

/** One message taken from a dead-letter queue during an operation; dropped once looked at. */
interface Taken {
  raw: GetMessage;
  decoded: DecodedMessage | undefined;
}

/** Replayed copies waiting for their confirm at once: with the one being looked at, the bodies a replay holds. */
const REPLAY_WINDOW = 64;

/**
 * Lists, replays and purges a queue's dead letters. AMQP cannot browse a queue, so an operation
 * takes messages with `basic.get` (unacknowledged), acknowledges those it replays or purges, and
 * gives the rest back with `basic.nack(requeue)` in the order it took them, all on one channel:
 * the next operation's takes are ordered after those returns, so it sees every message. Listing
 * shows the queue in its order (oldest first). Operations of one process run one at a time; two
 * processes browsing at once would each see part of the queue. A dead letter parked twice (a
 * crash between parking and acking) shows once and is replayed once.
 *
 * Memory is bounded whatever the queue holds: an operation streams the queue, one message at a
 * time, and keeps nothing of a message it passes over (the broker keeps it, unacknowledged, and
 * one `basic.nack(multiple, requeue)` gives them all back at the end); a replay holds at most
 * {@link REPLAY_WINDOW} bodies waiting for their confirms, a listing the page it returns, and
 * replay, purge and count a set of the matched ids (to see a twice-parked letter once).
 */
export class DeadLetterBrowser {
  private readonly channel: ManagedChannel<Channel>;
  private serial: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: DeadLetterBrowserDependencies) {
    this.channel = new ManagedChannel<Channel>(
      deps.connection,
      { name: 'dead-letters', confirm: false, setup: async () => undefined },
      deps.logger,
    );
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  close(): Promise<void> {
    return this.channel.close();
  }

  /** The selected dead letters in the queue's order (oldest first), one page of them. */
  list(queue: ResolvedQueue, options: { limit: number; offset: number } & DeadLetterSelector): Promise<DeadLetter[]> {
    const now = Date.now();
    return this.operate(queue, async (next) => {
      const letters: DeadLetter[] = [];
      const seen = new Set<string>();
      for (let taken = await next(); taken && letters.length < options.offset + options.limit; taken = await next()) {
        const letter = taken.decoded && toDeadLetter(queue.name, taken.decoded);
        if (letter && !seen.has(letter.id) && matchesDeadLetter(letter, options, now)) {
          seen.add(letter.id);
          letters.push(letter);
        }
      }
      return letters.slice(options.offset, options.offset + options.limit);
    });
  }

  /** How many dead letters match; with no criterion, the queue's message count (no browse). */
  count(queue: ResolvedQueue, selector: DeadLetterSelector): Promise<number> {
    const now = Date.now();
    return this.operate(queue, async (next, _ack, channel) => {
      if (selectsAll(selector)) {
        return (await channel.checkQueue(deadLetterName(queue.name))).messageCount;
      }
      const matched = new Set<string>();
      for (let taken = await next(); taken; taken = await next()) {
        const letter = taken.decoded && toDeadLetter(queue.name, taken.decoded);
        if (letter && matchesDeadLetter(letter, selector, now)) {
          matched.add(letter.id);
        }
      }
      return matched.size;
    });
  }

  replay(queue: ResolvedQueue, selector: DeadLetterSelector): Promise<number> {
    const now = Date.now();
    return this.operate(queue, async (next, ack) => {
      const startedAt = Date.now();
      const confirms = new Set<Promise<void>>();
      let failure: unknown;
      const replayed = new Set<string>();
      for (let taken = await next(); taken; taken = await next()) {
        const decoded = taken.decoded;
        if (!decoded || (!replayed.has(decoded.envelope.id) && !matchesDeadLetter(toDeadLetter(queue.name, decoded), selector, now))) {
          continue;
        }
        if (replayed.has(decoded.envelope.id)) {
          if ((decoded.envelope.deadLetter?.at.getTime() ?? 0) > startedAt) {
            // Parked again after this replay sent it: it and everything behind it are newer.
            break;
          }
          ack(taken);
          continue;
        }
        replayed.add(decoded.envelope.id);
        // Unchanged but for a fresh budget and a new due time, as PostgreSQL replays do.
        const envelope: Envelope = { ...decoded.envelope, attemptsBefore: 0, deadLetter: null, dueAt: new Date() };
        const current = taken;
        const confirm: Promise<void> = this.deps
          .replay(queue, envelope, current.raw.content)
          .then(() => ack(current))
          .catch((error: unknown) => void (failure ??= error))
          .finally(() => confirms.delete(confirm));
        confirms.add(confirm);
        if (confirms.size >= REPLAY_WINDOW) {
          await Promise.race(confirms);
        }
        if (failure !== undefined) {
          break;
        }
      }
      await Promise.all(confirms);
      if (failure !== undefined) {
        // Those not confirmed go back to the dead-letter queue; a confirmed one may be there twice.
        throw new TransportUnavailableError('rabbitmq', `replay stopped: ${(failure as Error).message}`, { cause: failure });
      }
      return replayed.size;
    });
  }

  purge(queue: ResolvedQueue, selector: DeadLetterSelector): Promise<number> {
    const now = Date.now();
    return this.operate(queue, async (next, ack, channel) => {
      if (selectsAll(selector)) {
        return (await channel.purgeQueue(deadLetterName(queue.name))).messageCount;
      }
      const purged = new Set<string>();
      for (let taken = await next(); taken; taken = await next()) {
        const letter = taken.decoded && toDeadLetter(queue.name, taken.decoded);
        if (letter && (purged.has(letter.id) || matchesDeadLetter(letter, selector, now))) {
          purged.add(letter.id);
          ack(taken);
        }
      }
      return purged.size;
    });
  }

  /**
   * Runs one operation (one at a time per process). `next()` takes the next message off the queue
   * (undefined when it is empty); `ack` removes a taken message for good; everything taken and not
   * acked is given back, in order, when the operation ends.
   */
  private operate<T>(
    queue: ResolvedQueue,
    work: (next: () => Promise<Taken | undefined>, ack: (taken: Taken) => void, channel: Channel) => Promise<T>,
  ): Promise<T> {
    const run = this.serial.then(async () => {
      const channel = this.channel.current;
      if (!channel) {
        throw new TransportUnavailableError('rabbitmq', 'not connected to RabbitMQ');
      }
      // Only counts: what is passed over is the broker's to keep until the operation ends.
      let takenCount = 0;
      let settledCount = 0;
      const next = async (): Promise<Taken | undefined> => {
        const raw = await channel.get(deadLetterName(queue.name), { noAck: false });
        if (raw === false) {
          return undefined;
        }
        let decoded: DecodedMessage | undefined;
        try {
          decoded = decodeMessage(raw, 0, queue.retry.maxRetries);
        } catch {
          // Not a Tenaz message: left where it is (purging the whole queue removes it).
          decoded = undefined;
        }
        takenCount += 1;
        return { raw, decoded };
      };
      const ack = (entry: Taken) => {
        settledCount += 1;
        channel.ack(entry.raw);
      };
      try {
        return await work(next, ack, channel);
      } finally {
        const unsettled = takenCount - settledCount;
        if (unsettled > 0) {
          try {
            // Every delivery of this channel not acked yet, in delivery order, in one frame.
            channel.nackAll(true);
          } catch {
            // The channel closed: the broker returns what it held by itself.
          }
          await awaitReturned(channel, deadLetterName(queue.name), unsettled);
        }
      }
    });
    this.serial = run.catch(() => undefined);
    return run;
  }
}

/** How long an operation waits for the broker to count the messages it gave back. */
const RETURN_WAIT_MS = 2_000;
const RETURN_POLL_MS = 10;

/**
 * `basic.nack` has no reply, and a quorum queue applies returns after the channel passes them on:
 * a health check right after a listing could count the dead letters as gone. The operation ends
 * once the queue shows at least as many ready messages as it gave back (or after
 * {@link RETURN_WAIT_MS}, when another browser may hold some).
 */
async function awaitReturned(channel: Channel, queueName: string, returned: number): Promise<void> {
  const deadline = Date.now() + RETURN_WAIT_MS;
  try {
    while ((await channel.checkQueue(queueName)).messageCount < returned && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, RETURN_POLL_MS));
    }
  } catch {
    // The channel closed: the broker returns what it held by itself.
  }
}

function toDeadLetter(queue: string, decoded: DecodedMessage): DeadLetter {
  const envelope = decoded.envelope;
  return {
    id: envelope.id,
    queue,
    type: envelope.type,
    payload: decoded.payload,
    headers: envelope.headers,
    priority: envelope.priority,
    attempts: envelope.deadLetter?.attempts ?? 0,
    reason: envelope.deadLetter?.reason ?? 'unknown',
    lastError: envelope.lastError,
    correlationId: envelope.correlationId,
    tenantId: envelope.tenantId,
    countryCode: envelope.countryCode,
    createdAt: envelope.createdAt,
    deadLetteredAt: envelope.deadLetter?.at ?? new Date(0),
  };
}
