import { randomUUID } from 'node:crypto';
import { createMessaging, InvalidSelectorError, Messaging } from '../../src';
import type { ConformanceHarness } from './conformance-harness';
import { waitFor } from '@tenaz/test-kit';

/**
 * What operators do with dead letters (CLI, admin API), the same tests for every transport:
 * select them by type, tenant and age, count, show one whole, replay and purge by filter.
 */
/**
 * How much older the first four dead letters are than the fifth: the age tests run well within it
 * (they start right after the fifth is parked), so they do not depend on the machine's speed.
 */
const AGE_GAP_MS = 3_000;

export function describeDeadLetterOperations(harness: ConformanceHarness): void {
  let messaging: Messaging;
  const queue = 'dl_ops';
  const ids: Record<string, string> = {};

  /** Publishes one message; the consumer started in beforeAll dead-letters it at once. */
  async function deadLetter(name: string, type: string, tenantId: string): Promise<void> {
    ids[name] = (await messaging.publisher.publish({ queue, type, payload: { name, to: '+5215512345678' } }, { tenantId })).messageId;
  }

  beforeAll(async () => {
    await harness.setUp();
    messaging = await createMessaging(
      harness.options({ [queue]: { slaMs: 30_000, retry: { backoff: 'fixed', maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 } } }),
    );
    const handle = await messaging.consumer.consume(queue, async (message) => ({
      deadLetter: `rejected ${(message.payload as { name: string }).name}`,
    }));
    await deadLetter('acmeSms1', 'sms', 'acme');
    await deadLetter('acmeSms2', 'sms', 'acme');
    await deadLetter('acmeEmail', 'email', 'acme');
    await deadLetter('globexSms', 'sms', 'globex');
    await waitFor(async () => (await messaging.deadLetters.count(queue)) === 4, { description: 'four dead letters' });
    // Every dead letter is now at least AGE_GAP_MS old; one more is parked after that, so ages tell them apart.
    await waitFor(async () => (await messaging.deadLetters.count(queue, { olderThanMs: AGE_GAP_MS })) === 4, {
      description: 'the four older than the gap',
      timeoutMs: 10_000,
    });
    await deadLetter('globexPush', 'push', 'globex');
    await waitFor(async () => (await messaging.deadLetters.count(queue)) === 5, { description: 'the fifth dead letter' });
    await handle.stop();
  });

  afterAll(async () => {
    await messaging?.close();
    await harness.tearDown();
  });

  describe(`dead-letter operations: ${harness.transport}`, () => {
    it('counts and lists by type, tenant and age, each criterion narrowing the others', async () => {
      const count = (selector: Parameters<Messaging['deadLetters']['count']>[1]) => messaging.deadLetters.count(queue, selector);
      expect(await count({})).toBe(5);
      expect(await count({ type: 'sms' })).toBe(3);
      expect(await count({ tenantId: 'acme' })).toBe(3);
      expect(await count({ type: 'sms', tenantId: 'globex' })).toBe(1);
      expect(await count({ olderThanMs: AGE_GAP_MS })).toBe(4);
      expect(await count({ newerThanMs: AGE_GAP_MS })).toBe(1);
      expect(await count({ ids: [ids.acmeEmail, ids.globexSms], tenantId: 'acme' })).toBe(1);

      const listed = await messaging.deadLetters.list(queue, { type: 'sms', tenantId: 'acme' });
      expect(listed.map((letter) => letter.id).sort()).toEqual([ids.acmeSms1, ids.acmeSms2].sort());
      const recent = await messaging.deadLetters.list(queue, { newerThanMs: AGE_GAP_MS });
      expect(recent.map((letter) => letter.id)).toEqual([ids.globexPush]);
      const page = await messaging.deadLetters.list(queue, { limit: 2, offset: 1 });
      expect(page).toHaveLength(2);
    });

    it('shows one dead letter whole by id, and nothing for an id it does not hold', async () => {
      const letter = await messaging.deadLetters.get(queue, ids.acmeEmail);
      expect(letter).toMatchObject({
        id: ids.acmeEmail,
        queue,
        type: 'email',
        tenantId: 'acme',
        payload: { name: 'acmeEmail', to: '+5215512345678' },
        attempts: 1,
        reason: 'rejected acmeEmail',
        deadLetteredAt: expect.any(Date),
      });
      expect(await messaging.deadLetters.get(queue, randomUUID())).toBeUndefined();
    });

    it('refuses a malformed selector with a typed error naming the problem', async () => {
      await expect(messaging.deadLetters.list(queue, { ids: ['not-an-id'] })).rejects.toThrow(InvalidSelectorError);
      await expect(messaging.deadLetters.count(queue, { olderThanMs: -1 })).rejects.toThrow(/olderThanMs/);
      await expect(messaging.deadLetters.replay(queue, { type: '' })).rejects.toThrow(/type/);
      await expect(messaging.deadLetters.list(queue, { limit: 0 })).rejects.toThrow(/limit/);
      expect(await messaging.deadLetters.count(queue)).toBe(5);
    });

    it('replays and purges exactly what a filter selects', async () => {
      expect(await messaging.deadLetters.replay(queue, { type: 'sms', tenantId: 'acme' })).toBe(2);
      await waitFor(async () => (await messaging.health(queue)).pending === 2, { description: 'the two replayed messages due again' });
      expect(await messaging.deadLetters.count(queue)).toBe(3);
      expect(await messaging.deadLetters.purge(queue, { tenantId: 'globex', type: 'sms' })).toBe(1);
      const left = await messaging.deadLetters.list(queue);
      expect(left.map((letter) => letter.id).sort()).toEqual([ids.acmeEmail, ids.globexPush].sort());
      expect(await messaging.deadLetters.purge(queue)).toBe(2);
      expect(await messaging.deadLetters.count(queue)).toBe(0);
    });
  });
}
