import { InvalidConfigError } from '@tenaz/service-kit';
import { loadConfig } from './notifications.config';

describe('loadConfig', () => {
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
      delivery: { enabled: true, concurrency: 8, leaseMs: 30_000 },
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
      loadConfig({ NODE_ENV: 'production', API_KEYS: 'acme:short-secret,bad tenant:whatever-long-enough-key', NOTIFICATIONS_PORT: 'x', SMS_PROVIDER_URL: 'not a url' });
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
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/API_KEYS: required in production[\s\S]*no provider configured for email, sms, push, whatsapp/);
    expect(loadConfig({ NODE_ENV: 'production', API_KEYS: 'acme:acme-key-0123456789abcdef', ALLOW_DEV_SINK: 'true' }).devSinkChannels).toHaveLength(4);
  });
});
