import { createServer } from 'node:net';
import { chooseDatabase } from './choose-database';
import { InvalidStartOptionsError } from './errors/invalid-start-options.error';

const SERVER = new URL(process.env['TENAZ_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test');

async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `postgresql://postgres@127.0.0.1:${port}/tenaz`;
}

/** Against the real local PostgreSQL, and a port where nothing listens. */
describe(chooseDatabase.name, () => {
  it('uses DATABASE_URL when it is set, without probing anything', async () => {
    const localUrl = await deadUrl();
    await expect(chooseDatabase({ configuredUrl: 'postgresql://db.example:5432/x', localUrl, forceEmbedded: false })).resolves.toEqual({
      kind: 'configured',
      url: 'postgresql://db.example:5432/x',
    });
  });

  it('uses the local server when one answers, even if the database does not exist yet', async () => {
    const local = new URL(SERVER);
    local.pathname = '/t_start_probe_does_not_exist';
    await expect(chooseDatabase({ configuredUrl: '', localUrl: local.toString(), forceEmbedded: false })).resolves.toEqual({
      kind: 'local',
      url: local.toString(),
    });
  });

  it('falls back to the embedded PostgreSQL when nothing answers at the local address', async () => {
    const localUrl = await deadUrl();
    await expect(chooseDatabase({ configuredUrl: undefined, localUrl, forceEmbedded: false })).resolves.toEqual({
      kind: 'embedded',
      reason: 'nothing-answers',
      probedUrl: localUrl,
    });
  });

  it('uses the embedded PostgreSQL when asked even though a local server answers, and refuses --embedded with DATABASE_URL', async () => {
    await expect(chooseDatabase({ configuredUrl: undefined, localUrl: SERVER.toString(), forceEmbedded: true })).resolves.toEqual({
      kind: 'embedded',
      reason: 'requested',
    });
    await expect(
      chooseDatabase({ configuredUrl: SERVER.toString(), localUrl: SERVER.toString(), forceEmbedded: true }),
    ).rejects.toBeInstanceOf(InvalidStartOptionsError);
  });
});
