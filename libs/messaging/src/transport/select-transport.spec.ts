import { selectTransport } from './select-transport';

describe(selectTransport.name, () => {
  const policy = {
    tiers: [
      { maxSlaMs: 60_000, transport: 'postgres' as const },
      { maxSlaMs: 10_000, transport: 'rabbitmq' as const },
    ],
    default: 'postgres' as const,
  };

  it('chooses the tightest tier that covers the SLA, whatever order tiers are written in', () => {
    expect(selectTransport({ slaMs: 10_000 }, policy)).toBe('rabbitmq');
    expect(selectTransport({ slaMs: 30_000 }, policy)).toBe('postgres');
  });

  it('falls back to the default above every tier', () => {
    expect(selectTransport({ slaMs: 120_000 }, { ...policy, default: 'rabbitmq' })).toBe('rabbitmq');
  });

  it('lets an explicit transport override the tiers', () => {
    expect(selectTransport({ slaMs: 10_000, transport: 'postgres' }, policy)).toBe('postgres');
  });
});
