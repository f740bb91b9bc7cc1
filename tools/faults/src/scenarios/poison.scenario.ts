import type { Scenario } from '../run/scenario';

/** 10. 1% poison messages: exactly those are dead-lettered. */
export const poison: Scenario = {
  number: 10,
  id: 'poison',
  title: '1% poison messages',
  description:
    'Every hundredth message makes its handler throw; with 2 retries 20 ms apart each is dead-lettered after 3 attempts. Exactly the poison messages are dead-lettered; the others are processed once (compare their p99 with the baseline).',
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: { poisonEvery: 100, maxRetries: 2 },
  promises: { poisonDeadLettered: true },
};
