import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresFailedError } from '../errors/embedded-postgres-failed.error';
import { cleanEmbedded } from './clean-embedded';

/** On real folders; refusing while a server runs is in test/embedded-start.e2e-spec.ts. */
describe(cleanEmbedded.name, () => {
  let parent: string;

  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'tenaz-clean-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('removes a folder holding only what npm start made: the cluster, its password and its log', () => {
    const root = join(parent, 'embedded-postgres');
    mkdirSync(join(root, 'data'), { recursive: true });
    writeFileSync(join(root, 'data', 'PG_VERSION'), '15\n');
    writeFileSync(join(root, 'password'), 'secret\n');
    writeFileSync(join(root, 'postgres.log'), 'LOG: ready\n');
    expect(cleanEmbedded(root)).toContain(`removed ${root}`);
    expect(existsSync(root)).toBe(false);
  });

  it('refuses a folder holding anything else, and removes nothing from it (a mistyped --embedded-dir)', () => {
    writeFileSync(join(parent, 'thesis.tex'), 'years of work');
    mkdirSync(join(parent, 'data'));
    expect(() => cleanEmbedded(parent)).toThrow(EmbeddedPostgresFailedError);
    expect(() => cleanEmbedded(parent)).toThrow(/holds thesis\.tex, which npm start did not make: not removing it/);
    expect(existsSync(join(parent, 'thesis.tex'))).toBe(true);
    expect(existsSync(join(parent, 'data'))).toBe(true);
  });

  it('says there is nothing to remove when the folder does not exist', () => {
    expect(cleanEmbedded(join(parent, 'never-made'))).toBe(`nothing to remove: ${join(parent, 'never-made')} does not exist`);
  });
});
