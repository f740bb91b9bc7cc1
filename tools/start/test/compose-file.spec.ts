import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT, interpolateWithDefaults, readComposeFile, serviceEnvironment } from './helpers/compose-file';

/**
 * docker-compose.yml, checked without Docker (this machine has the docker CLI but neither an
 * engine nor the compose plugin, so `docker compose config` cannot run here): it parses, every
 * reference in it resolves, and the kafka profile is complete. That the services start with its
 * environment is compose-environment.e2e-spec.ts.
 */
describe('docker-compose.yml', () => {
  const compose = readComposeFile();
  const services = compose.services;

  it('parses, and every service has an image or a build whose Dockerfile exists', () => {
    expect(Object.keys(services).sort()).toEqual([
      'kafka',
      'kafka-connect',
      'notifications',
      'postgres',
      'rabbitmq',
      'register-outbox-connector',
      'tracking',
    ]);
    for (const [name, service] of Object.entries(services)) {
      expect([name, Boolean(service.image) !== Boolean(service.build)]).toEqual([name, true]);
      if (service.build) {
        expect(existsSync(join(REPOSITORY_ROOT, service.build.context, service.build.dockerfile))).toBe(true);
      }
    }
  });

  it('depends only on services that exist, in the same profile or an always-on one, with conditions that have healthchecks', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = services[dependency];
        expect([name, dependency, target !== undefined]).toEqual([name, dependency, true]);
        const sameOrAlways = !target?.profiles || (service.profiles ?? []).some((profile) => target.profiles?.includes(profile));
        expect([name, dependency, sameOrAlways]).toEqual([name, dependency, true]);
        if (condition === 'service_healthy') {
          expect([dependency, Boolean(target?.healthcheck)]).toEqual([dependency, true]);
        }
      }
    }
  });

  it('declares every named volume it mounts, and every bind mount exists', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] as string;
        if (source.startsWith('.') || source.startsWith('/')) {
          expect(existsSync(join(REPOSITORY_ROOT, source))).toBe(true);
        } else {
          expect(Object.keys(compose.volumes)).toContain(source);
        }
      }
    }
  });

  it('runs PostgreSQL with wal_level=logical, and the kafka profile holds Kafka in KRaft mode, Kafka Connect with Debezium and the connector registration', () => {
    expect(services['postgres']?.command).toEqual(expect.arrayContaining(['wal_level=logical']));
    const kafkaProfile = Object.entries(services)
      .filter(([, service]) => service.profiles?.includes('kafka'))
      .map(([name]) => name);
    expect(kafkaProfile.sort()).toEqual(['kafka', 'kafka-connect', 'register-outbox-connector']);
    const kafka = serviceEnvironment(services['kafka'] ?? {});
    expect(kafka['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(kafka['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe('1@kafka:9093');
    expect(Object.keys(kafka).filter((name) => name.includes('ZOOKEEPER'))).toEqual([]);
    expect(services['kafka-connect']?.image).toMatch(/debezium\/connect/);
    expect(serviceEnvironment(services['kafka-connect'] ?? {})['BOOTSTRAP_SERVERS']).toBe('kafka:9092');
    const register = (services['register-outbox-connector']?.command ?? []).join(' ');
    expect(register).toContain('@/debezium/tenaz-outbox.json');
    expect(register).toContain('http://kafka-connect:8083/connectors/tenaz-outbox/config');
  });

  it("points the connector at the database, outbox table and publication the services' library writes, routed by queue and keyed by ordering key", () => {
    const connector = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'deploy', 'debezium', 'tenaz-outbox.json'), 'utf8')) as Record<
      string,
      string
    >;
    const database = new URL(serviceEnvironment(services['notifications'] ?? {})['DATABASE_URL'] ?? '');
    expect([
      connector['database.hostname'],
      connector['database.port'],
      connector['database.user'],
      connector['database.password'],
      connector['database.dbname'],
    ]).toEqual([database.hostname, database.port, database.username, database.password, database.pathname.slice(1)]);
    expect(connector).toMatchObject({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'plugin.name': 'pgoutput',
      'table.include.list': 'tenaz.debezium_outbox',
      'publication.name': 'tenaz_debezium_outbox',
      'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
      'transforms.outbox.route.by.field': 'aggregatetype',
      'transforms.outbox.table.field.event.key': 'aggregateid',
    });
  });

  it('interpolates ${NAME:-default} to its default and $$ to $, as compose does with nothing set', () => {
    expect(interpolateWithDefaults('${API_KEYS:-demo:compose-demo-key-0001}')).toBe('demo:compose-demo-key-0001');
    expect(interpolateWithDefaults('a$${B}${C}$D')).toBe('a${B}');
  });
});
