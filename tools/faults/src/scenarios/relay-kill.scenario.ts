import type { Scenario } from '../run/scenario';

/** 4. The outbox relay killed between the broker's confirm and marking the rows sent. */
export const relayKill: Scenario = {
  number: 4,
  id: 'relay-kill',
  title: 'Outbox relay SIGKILLed between the broker confirm and marking the rows sent',
  description:
    'The producer writes every message with publishTransactional in its own committed transaction; relays run in child processes that SIGKILL themselves after their second confirmed batch (200 rows), just before the mark-sent statement, and are replaced; at the end a healthy relay runs. Each killed batch is published again with the same ids: duplicate deliveries, never a duplicate effect.',
  transports: ['rabbitmq'],
  messages: { full: 10_000, quick: 1_500 },
  settings: { mode: 'outbox' },
  promises: { minCommitted: 1 },
  async inject(env) {
    let deaths = 0;
    while (env.producing()) {
      const relay = await env.fleet.start({ role: 'relay', dieAfterMarks: 1 });
      const began = new Date();
      const how = await Promise.race([relay.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 30_000))]);
      if (how === 'SIGKILL') {
        deaths += 1;
        await env.ledger.recordFault(`relay ${relay.name} killed before marking sent`, began, new Date());
      } else {
        await env.fleet.kill(relay);
      }
    }
    env.note(`${deaths} relays died between confirm and mark`);
    await env.fleet.start({ role: 'relay' });
  },
};
