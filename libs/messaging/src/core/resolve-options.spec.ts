import { InvalidConfigurationError } from '../model/errors';
import { resolveOptions } from './resolve-options';

const postgres = { connectionString: 'postgresql://localhost/test' };

function problemsOf(options: unknown): string[] {
  try {
    resolveOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigurationError);
    return [...(error as InvalidConfigurationError).problems];
  }
  throw new Error('expected the options to be rejected');
}

describe(resolveOptions.name, () => {
  it('applies the defaults and decides each queue transport', () => {
    const options = resolveOptions({ postgres, queues: { notifications: { slaMs: 30_000 } } });
    expect(options.postgres).toMatchObject({ schema: 'tenaz', poolSize: 10, queryTimeoutMs: 30_000, migrate: true });
    expect(options.retention).toMatchObject({ deadLetteredMs: null, statisticsMs: 3_600_000, cleanupBatchSize: 5_000 });
    expect(options.queues.get('notifications')).toMatchObject({
      transport: 'postgres',
      leaseMs: 30_000,
      concurrency: 10,
      prefetch: 80,
      pollIntervalMs: 5_000,
      retry: { backoff: 'exponential', maxRetries: 3, baseDelayMs: 1_000, maxDelayMs: 60_000, jitter: false },
    });
    expect(options.instanceId).toMatch(/:\d+:/);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      postgres: { ...postgres, schema: 'Tenaz' },
      queues: {
        'Track-Trace': { slaMs: 10_000 },
        fast: { slaMs: 1_000, transport: 'rabbitmq' },
        slow: { slaMs: 0 },
        backwards: { slaMs: 1_000, retry: { baseDelayMs: 5_000, maxDelayMs: 1_000 } },
        typo: { slaMs: 1_000, concurrancy: 4 },
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^postgres\.schema/),
        expect.stringMatching(/^queues\.slow\.slaMs/),
        expect.stringMatching(/^queues\.typo/),
      ]),
    );
    expect(
      problemsOf({
        postgres,
        queues: {
          'Track-Trace': { slaMs: 10_000 },
          backwards: { slaMs: 1_000, retry: { baseDelayMs: 5_000, maxDelayMs: 1_000 } },
          fast: { slaMs: 1_000, transport: 'rabbitmq' },
        },
      }),
    ).toEqual([
      expect.stringMatching(/queues\.Track-Trace: invalid queue name/),
      expect.stringMatching(/queues\.backwards\.retry: maxDelayMs \(1000\) is below baseDelayMs \(5000\)/),
      expect.stringMatching(/queues\.fast: runs on rabbitmq, but no rabbitmq connection is configured/),
    ]);
  });

  it('takes one RabbitMQ URL or a cluster of them, and replicas only on a RabbitMQ queue', () => {
    const rabbitmq = (url: unknown) => ({
      postgres,
      rabbitmq: { url },
      queues: { parcels: { slaMs: 1_000, transport: 'rabbitmq', replicas: 3 } },
    });
    const cluster = ['amqp://127.0.0.1:5801', 'amqp://127.0.0.1:5802', 'amqp://127.0.0.1:5803'];
    expect(resolveOptions(rabbitmq(cluster)).rabbitmq?.url).toEqual(cluster);
    expect(resolveOptions(rabbitmq(cluster[0])).queues.get('parcels')?.replicas).toBe(3);
    expect(problemsOf(rabbitmq([]))).toEqual([expect.stringMatching(/^rabbitmq\.url/)]);
    expect(problemsOf(rabbitmq([cluster[0], 'http://127.0.0.1:5802']))).toEqual([expect.stringMatching(/^rabbitmq\.url/)]);
    expect(problemsOf({ postgres, queues: { parcels: { slaMs: 1_000, replicas: 3 } } })).toEqual([
      'queues.parcels.replicas: only a RabbitMQ queue has replicas (this one runs on postgres)',
    ]);
  });

  it('rejects an unknown transport instead of falling back', () => {
    expect(problemsOf({ postgres, queues: { q: { slaMs: 1_000, transport: 'kafka' } } })).toEqual([
      expect.stringMatching(/^queues\.q\.transport/),
    ]);
  });

  it('needs PostgreSQL and at least one queue', () => {
    expect(problemsOf({ queues: { q: { slaMs: 1_000 } } })).toEqual(['postgres: a connection string is required']);
    expect(problemsOf({ postgres, queues: {} })).toEqual(['queues: configure at least one queue']);
  });

  it('routes a queue by the tightest SLA tier that covers it', () => {
    const options = resolveOptions({
      postgres,
      rabbitmq: { url: 'amqp://localhost' },
      transportPolicy: { tiers: [{ maxSlaMs: 10_000, transport: 'rabbitmq' }], default: 'postgres' },
      queues: { track_trace: { slaMs: 10_000 }, notifications: { slaMs: 30_000 }, pinned: { slaMs: 5_000, transport: 'postgres' } },
    });
    expect([...options.queues.values()].map((q) => [q.name, q.transport])).toEqual([
      ['track_trace', 'rabbitmq'],
      ['notifications', 'postgres'],
      ['pinned', 'postgres'],
    ]);
  });
});
