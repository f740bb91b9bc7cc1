import { InvalidConfigError } from '@tenaz/service-kit';
import { loadConfig } from './notifications.config';

describe(loadConfig.name, () => {
  it('starts a newcomer with local defaults, the demo key and the development sink', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3001,
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/tenaz',
      transports: { notifications: 'postgres', track_trace: 'postgres' },
      apiKeys: [{ tenantId: 'demo', key: 'demo-key' }],
      usingDevelopmentApiKeys: true,
      devSinkChannels: ['email', 'sms', 'push', 'whatsapp'],
      delivery: { enabled: true, concurrency: 8, leaseMs: 30_000, idleInTransactionMs: 12_000 },
      idempotencyKeyRetentionMs: 86_400_000,
    });
    expect(loadConfig({ DELIVERY_ENABLED: 'false' }).delivery.enabled).toBe(false);
  });

  it('uses the configured providers and keys', () => {
    const config = loadConfig({
      API_KEYS: 'acme:acme-key-0123456789abcdef, globex:globex-key-0123456789abcdef',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      SMS_PROVIDER_URL: 'https://sms.example.com/send',
      SMS_PROVIDER_TOKEN: 'token',
      NOTIFICATIONS_QUEUE_TRANSPORT: 'rabbitmq',
    });
    expect(config.apiKeys.map((key) => key.tenantId)).toEqual(['acme', 'globex']);
    expect(config.httpProviders.sms).toEqual({ url: 'https://sms.example.com/send', token: 'token' });
    expect(config.devSinkChannels).toEqual(['push', 'whatsapp']);
    expect(config.transports.notifications).toBe('rabbitmq');
  });

  it('reports every problem at once and never the keys themselves', () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: 'production',
        API_KEYS: 'acme:short-secret,bad tenant:whatever-long-enough-key',
        NOTIFICATIONS_PORT: 'x',
        SMS_PROVIDER_URL: 'not a url',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const problems = (error as InvalidConfigError).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^NOTIFICATIONS_PORT: /),
      expect.stringMatching(/^SMS_PROVIDER_URL: /),
      'API_KEYS entry 1 (tenant acme): the key must have at least 16 characters',
      'API_KEYS entry 2: the tenant must be 1-50 letters, digits, "_", "." or "-" before a ":"',
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/short-secret|whatever-long-enough-key/);
  });

  it('requires keys and providers in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /API_KEYS: required in production[\s\S]*no provider configured for email, sms, push, whatsapp/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', API_KEYS: 'acme:acme-key-0123456789abcdef', ALLOW_DEV_SINK: 'true' }).devSinkChannels,
    ).toHaveLength(4);
  });

  it('refuses a delivery concurrency the pool cannot serve, the configuration that wedged the service', () => {
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '8', DELIVERY_CONCURRENCY: '8' })).toThrow(
      /DATABASE_POOL_SIZE \(8\) must be at least DELIVERY_CONCURRENCY \+ 2 \(10\)/,
    );
    expect(loadConfig({ DATABASE_POOL_SIZE: '10', DELIVERY_CONCURRENCY: '8' }).databasePoolSize).toBe(10);
    // An API-only process runs no deliveries: any pool serves it.
    expect(loadConfig({ DATABASE_POOL_SIZE: '2', DELIVERY_CONCURRENCY: '8', DELIVERY_ENABLED: 'false' }).databasePoolSize).toBe(2);
  });

  it('refuses a lease the server cannot end a frozen delivery transaction within', () => {
    // Idle transactions end after PROVIDER_TIMEOUT_MS + 2 s = 12 s; the lease must be at least 1.5 x (12 s + 1 s).
    expect(() => loadConfig({ DELIVERY_LEASE_MS: '19000' })).toThrow(/DELIVERY_LEASE_MS \(19000\) must be at least 19500/);
    expect(loadConfig({ DELIVERY_LEASE_MS: '19500' }).delivery.leaseMs).toBe(19_500);
    expect(loadConfig({ DELIVERY_LEASE_MS: '6000', PROVIDER_TIMEOUT_MS: '1000' }).delivery.idleInTransactionMs).toBe(3_000);
  });
});
