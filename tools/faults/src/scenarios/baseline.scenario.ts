import type { Scenario } from '../run/scenario';

/** 1. No fault, steady load: the figures every other scenario is read against. */
export const baseline: Scenario = {
  number: 1,
  id: 'baseline',
  title: 'No fault, steady load',
  description: 'Two consumer processes (8 handlers each) under a steady 150 messages/s; no fault.',
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: {},
  promises: { minCommitted: 1 },
};

/** 1b. One consumer, one handler: the order a key's messages were sent in is the order of their effects. */
export const orderedBaseline: Scenario = {
  number: 1.5,
  id: 'ordered',
  title: 'No fault, one consumer with one handler: per-key order',
  description: 'One consumer process with concurrency 1 under 250 messages/s; the order of each key is promised.',
  transports: ['postgres', 'rabbitmq'],
  messages: { full: 5_000, quick: 1_000 },
  settings: { workers: 1, concurrency: 1, rate: 250 },
  promises: { ordered: true },
};
