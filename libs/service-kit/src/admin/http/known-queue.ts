import { NotFoundException } from '@nestjs/common';
import type { Messaging } from '@tenaz/messaging';

/** A queue named in an admin URL must be configured: 404 naming the configured ones otherwise. */
export function knownQueue(messaging: Messaging, queue: string): string {
  if (!messaging.queues.has(queue)) {
    throw new NotFoundException(`unknown queue "${queue}"; configured queues: ${[...messaging.queues.keys()].join(', ')}`);
  }
  return queue;
}
