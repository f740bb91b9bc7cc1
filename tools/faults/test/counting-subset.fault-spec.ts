import { runScenario } from '../src/run/run-scenario';
import { consumerKill } from '../src/scenarios/consumer-kill.scenario';
import { poison } from '../src/scenarios/poison.scenario';

/** 1,000 messages a run: three runs stay well under two minutes, with a few kills each. */
const MESSAGES = 1_000;

/**
 * The bounded subset of the counting fault suite that `npm test` runs: consumers SIGKILLed
 * mid-handler on both transports and 1% poison on PostgreSQL, 1,000 messages each.
 * `npm run test:faults` runs every scenario at full size.
 */
describe('the counting fault suite, bounded subset', () => {
  it.each(['postgres', 'rabbitmq'] as const)(
    'loses nothing and applies no effect twice when consumers are SIGKILLed mid-handler (%s)',
    async (transport) => {
      const result = await runScenario(consumerKill, transport, MESSAGES);
      expect(result.problems).toEqual([]);
      expect(result.figures).toMatchObject({ sent: MESSAGES, lost: 0, duplicateEffects: 0, phantoms: 0 });
      expect(result.figures.committed).toBe(result.figures.processed);
      // The kills really happened, and really interrupted handlers.
      expect(result.figures.faults.length).toBeGreaterThan(0);
    },
  );

  it('dead-letters exactly the 1% poison messages and processes every other one once (postgres)', async () => {
    const result = await runScenario(poison, 'postgres', MESSAGES);
    expect(result.problems).toEqual([]);
    expect(result.figures.poison).toBe(MESSAGES / 100);
    expect(result.figures).toMatchObject({ deadLettered: result.figures.poison, wronglyDeadLettered: 0, lost: 0, duplicateEffects: 0 });
    expect(result.figures.processedOnce).toBe(result.figures.committed - result.figures.poison);
  });
});
