import { judgeFlatness, type SoakSample } from './soak-samples';

const MB = 1024 * 1024;

/** Nine samples 30 s apart; `at(i)` changes what sample i shows. */
function samples(at: (index: number) => Partial<SoakSample> = () => ({})): SoakSample[] {
  return Array.from({ length: 9 }, (_, index) => ({
    atS: index * 30,
    workerRssMb: [80, 82],
    tableBytes: { reliable_messages: 2 * MB, inbox: (10 + index) * MB, faults_effects: (5 + index) * MB },
    notificationQueueUsage: 0,
    waiting: 3,
    ...at(index),
  }));
}

describe(judgeFlatness.name, () => {
  it('passes flat in-flight tables and memory, and reports the retained tables’ growth a minute', () => {
    const { problems, notes } = judgeFlatness(samples());
    expect(problems).toEqual([]);
    expect(notes).toEqual(
      expect.arrayContaining([
        'worker RSS peak 82 MB in the first third, 82 MB in the last (bound 139 MB)',
        'reliable_messages (in flight) peak 2048 kB in the first third, 2048 kB in the last (bound 12288 kB)',
        'inbox (kept until its retention) 11264 kB → 18432 kB, 2.00 MB a minute',
      ]),
    );
  });

  it('fails worker memory that keeps growing, a queue table that keeps growing and a filling NOTIFY queue', () => {
    const { problems } = judgeFlatness(
      samples((index) => ({
        workerRssMb: [80 + index * 20],
        tableBytes: { reliable_messages: (2 + index * 4) * MB },
        notificationQueueUsage: index === 8 ? 0.01 : 0,
      })),
    );
    expect(problems).toEqual([
      'worker RSS grew: 120 MB → 240 MB (bound 196 MB)',
      'reliable_messages grew: 10240 kB → 34816 kB (bound 28672 kB)',
      'notification queue usage reached 0.01',
    ]);
  });

  it('refuses to judge a soak too short to have a first and a last third', () => {
    expect(judgeFlatness(samples().slice(0, 5)).problems).toEqual(['only 5 samples: too short to judge flatness (at least 6, 3 minutes)']);
  });
});
