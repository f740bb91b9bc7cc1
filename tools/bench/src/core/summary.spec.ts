import type { Scenario, SystemInfo } from './scenario';
import { summarise, type RoundEntry } from './summary';

const system = (id: string, family: SystemInfo['family'], role: SystemInfo['role']): SystemInfo => ({
  id,
  label: id,
  family,
  role,
  settings: '',
});
const scenario = (info: SystemInfo, baseline = false): Scenario & { source: string } => ({
  name: info.id,
  group: 'g',
  baseline,
  system: info,
  source: 'test',
  run: async () => ({}),
});
const rounds = (...values: number[]): RoundEntry[] =>
  values.map((value, index) => ({ round: index + 1, values: { value: { value, unit: 'messages/s' } }, seconds: 1 }));

const group = {
  name: 'g',
  title: 'test group',
  metrics: [{ key: 'value', label: 'messages/s', direction: 'higher' as const }],
  goals: [
    {
      text: 'tenaz ≥ 0.7× raw',
      metric: 'value',
      subject: 'tenaz-postgres',
      against: 'raw-postgres',
      ratio: 0.7,
      direction: 'higher' as const,
    },
    { text: 'tenaz ≥ 2× other', metric: 'value', subject: 'tenaz-postgres', against: 'other', ratio: 2, direction: 'higher' as const },
    { text: 'tenaz ≥ 1.5× other', metric: 'value', subject: 'tenaz-postgres', against: 'other', ratio: 1.5, direction: 'higher' as const },
    { text: 'tenaz below 80', metric: 'value', subject: 'tenaz-postgres', limit: 80, direction: 'lower' as const },
    { text: 'nobody measured', metric: 'value', subject: 'missing', against: 'raw-postgres', ratio: 1, direction: 'higher' as const },
  ],
};

describe(summarise.name, () => {
  const summary = summarise(group, [
    { scenario: scenario(system('raw-postgres', 'postgres', 'raw'), true), rounds: rounds(100, 300, 200) },
    { scenario: scenario(system('tenaz-postgres', 'postgres', 'tenaz')), rounds: rounds(90, 60, 75) },
    { scenario: scenario(system('other', 'postgres', 'alternative')), rounds: [...rounds(50), { round: 2, error: 'failed', seconds: 1 }] },
    { scenario: scenario(system('raw-amqplib', 'rabbitmq', 'raw')), rounds: rounds(40) },
    { scenario: scenario(system('tenaz-rabbitmq', 'rabbitmq', 'tenaz')), rounds: rounds(30) },
  ]);

  it('takes the median and the range of the successful rounds only', () => {
    const other = summary.scenarios.find((entry) => entry.name === 'other')!;
    expect(summary.scenarios[0].medians['value']).toBe(200);
    expect(summary.scenarios[0].ranges['value']).toEqual({ min: 100, max: 300 });
    expect(other.medians['value']).toBe(50);
  });

  it('compares each candidate with the raw system of its own family and with Tenaz', () => {
    const rabbit = summary.comparisons.find((entry) => entry.candidate === 'tenaz-rabbitmq')!;
    const other = summary.comparisons.find((entry) => entry.candidate === 'other')!;
    expect(rabbit.ratio).toBeCloseTo(30 / 40);
    expect(rabbit.against).toBe('raw-amqplib');
    expect(other.ratio).toBeCloseTo(50 / 200);
    expect(other.ratioToTenaz).toBeCloseTo(50 / 75);
  });

  it('marks each goal met or missed by its ratio or limit, and not measured without its systems', () => {
    expect(summary.goals.map((goal) => [goal.text, goal.verdict])).toEqual([
      ['tenaz ≥ 0.7× raw', 'missed'],
      ['tenaz ≥ 2× other', 'missed'],
      ['tenaz ≥ 1.5× other', 'met'],
      ['tenaz below 80', 'met'],
      ['nobody measured', 'not measured'],
    ]);
    expect(summary.goals[0].measured).toBeCloseTo(75 / 200);
    expect(summary.goals[3]).toMatchObject({ absolute: true, measured: 75, threshold: 80 });
  });
});
