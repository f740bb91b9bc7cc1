import type { Scenario } from '../run/scenario';

/** 10. 1% poison messages: exactly those are dead-lettered, and everyone else's p99 stays where it was without them. */
export const poison: Scenario = {
  number: 10,
  id: 'poison',
  title: '1% poison messages',
  description:
    'Every hundredth message makes its handler throw; with 2 retries 20 ms apart each is dead-lettered after 3 attempts. Exactly the poison messages are dead-lettered; the others are processed once, and their latency p99 stays within 1.25× + 100 ms of a control run without poison made just before on the same transport.',
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: { poisonEvery: 100, maxRetries: 2 },
  promises: { poisonDeadLettered: true },
  // The retries of 1% of the messages add about 2% of the work: the others' tail must not move by more than noise.
  control: { description: 'the same load without poison', settings: { poisonEvery: 0 }, p99Factor: 1.25, p99SlackMs: 100 },
};
