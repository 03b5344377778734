import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocationRefused, remoteHostOf, resolveLocation } from './locations.js';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'cc-locations-')));
const allowed = join(scratch, 'allowed');
mkdirSync(join(allowed, 'app'), { recursive: true });
mkdirSync(join(scratch, 'outside'), { recursive: true });
symlinkSync(join(scratch, 'outside'), join(allowed, 'escape'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const refused = (location: string, roots = [allowed]) =>
  expect(resolveLocation(location, roots)).rejects.toBeInstanceOf(LocationRefused);

describe('resolveLocation', () => {
  it('takes a path or file:// URL under an allowed root by its real path', async () => {
    const expected = { kind: 'local', location: join(allowed, 'app'), suggestedName: 'app' };
    await expect(resolveLocation(join(allowed, 'app'), [allowed])).resolves.toMatchObject(expected);
    await expect(resolveLocation(`file://${allowed}/./app/`, [allowed])).resolves.toMatchObject(expected);
    await expect(resolveLocation(join(allowed, 'escape', '..', 'app'), [allowed])).resolves.toMatchObject({
      kind: 'local',
    });
  });

  it('refuses paths outside the roots, through links, missing, relative, or with no roots', async () => {
    await refused(join(scratch, 'outside'));
    await refused(join(allowed, 'escape'));
    await refused(join(allowed, 'missing'));
    await refused('relative/app');
    await refused(join(allowed, 'app'), []);
    await refused('file://elsewhere/app');
  });

  it('keys one remote repository the same however it is spelled', async () => {
    const spellings = [
      'https://Git.Example.com/team/app.git',
      'https://git.example.com/team/app/',
      'ssh://git@git.example.com/team/app.git',
      'git@git.example.com:team/app.git',
    ];
    const keys = await Promise.all(spellings.map(async (url) => (await resolveLocation(url, [])).locationKey));
    expect(new Set(keys)).toEqual(new Set(['git:git.example.com/team/app']));
    await expect(resolveLocation('https://Git.Example.com/team/app.git', [])).resolves.toEqual({
      kind: 'git',
      location: 'https://git.example.com/team/app.git',
      locationKey: 'git:git.example.com/team/app',
      suggestedName: 'app',
    });
  });

  it('refuses other transports, credentials, option-like parts and helpers', async () => {
    for (const location of [
      'http://example.com/a.git',
      'git://example.com/a.git',
      'https://user:secret@example.com/a.git',
      'https://token@example.com/a.git',
      'ssh://git:pw@example.com/a.git',
      'https://example.com/',
      'https://example.com/a.git?x=1',
      'ext::sh -c touch% /tmp/pwned',
      'fd::17',
      '-oProxyCommand=x:a',
      'host:-upload-pack=x',
      '',
    ]) {
      await refused(location);
    }
  });

  it('finds the host a remote connects to', () => {
    expect(remoteHostOf('https://git.example.com:8443/a.git')).toBe('git.example.com');
    expect(remoteHostOf('ssh://git@[::1]/a.git')).toBe('::1');
    expect(remoteHostOf('git@10.0.0.1:team/a')).toBe('10.0.0.1');
  });
});
