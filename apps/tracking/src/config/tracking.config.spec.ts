import { InvalidConfigError } from '@tenaz/service-kit';
import { loadConfig } from './tracking.config';

describe(loadConfig.name, () => {
  it('falls back to a local development setup', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3002,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/tenaz',
      transports: { notifications: 'postgres', track_trace: 'postgres' },
      apiKeys: [{ tenantId: 'demo', key: 'demo-key' }],
      usingDevelopmentApiKeys: true,
      batchMaxSize: 100,
      projection: { enabled: true, concurrency: 8, leaseMs: 30_000 },
    });
  });

  it('makes an API-only process with PROJECTION_ENABLED=false, and names a value that is neither', () => {
    expect(loadConfig({ PROJECTION_ENABLED: 'false' }).projection.enabled).toBe(false);
    expect(() => loadConfig({ PROJECTION_ENABLED: 'no' })).toThrow(/PROJECTION_ENABLED/);
  });

  it('reports every problem at once, never echoing a key', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', TRACKING_PORT: '70000', TRACK_TRACE_QUEUE_TRANSPORT: 'kafka', BODY_LIMIT: 'huge' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const problems = (error as InvalidConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/TRACKING_PORT/);
    expect(problems.join('\n')).toMatch(/TRACK_TRACE_QUEUE_TRANSPORT/);
    expect(problems.join('\n')).toMatch(/BODY_LIMIT/);
    expect(problems.join('\n')).toMatch(/API_KEYS: required in production/);

    expect(() => loadConfig({ API_KEYS: 'acme:short-secret' })).toThrow(
      /API_KEYS entry 1 \(tenant acme\): the key must have at least 16 characters/,
    );
    expect(() => loadConfig({ API_KEYS: 'acme:short-secret' })).not.toThrow(/short-secret/);
  });

  it('reads the transports, port and limits', () => {
    const config = loadConfig({
      TRACKING_PORT: '0',
      TRACK_TRACE_QUEUE_TRANSPORT: 'rabbitmq',
      API_KEYS: 'acme:acme-key-0123456789abcdef',
      BATCH_MAX_SIZE: '500',
      PROJECTION_CONCURRENCY: '16',
    });
    expect(config).toMatchObject({
      port: 0,
      transports: { track_trace: 'rabbitmq', notifications: 'postgres' },
      usingDevelopmentApiKeys: false,
      batchMaxSize: 500,
      projection: { concurrency: 16 },
    });
  });

  it('refuses a projection concurrency the pool cannot serve, and a lease shorter than the idle-transaction bound allows', () => {
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '9', PROJECTION_CONCURRENCY: '8' })).toThrow(
      /DATABASE_POOL_SIZE \(9\) must be at least PROJECTION_CONCURRENCY \+ 2 \(10\)/,
    );
    // Idle transactions end after 3 s; the lease must be at least 1.5 x (3 s + 1 s).
    expect(() => loadConfig({ PROJECTION_LEASE_MS: '5999' })).toThrow(/PROJECTION_LEASE_MS \(5999\) must be at least 6000/);
    expect(loadConfig({ PROJECTION_LEASE_MS: '6000' }).projection.leaseMs).toBe(6_000);
    expect(loadConfig({ PROJECTION_ENABLED: 'false', DATABASE_POOL_SIZE: '2', PROJECTION_LEASE_MS: '1000' }).projection.enabled).toBe(
      false,
    );
  });
});
