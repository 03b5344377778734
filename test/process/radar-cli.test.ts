import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, removeDir, runCc, tempDataDir } from '../helpers/process.js';
import { THOUGHTWORKS_DIR } from '../helpers/radar.js';

describe('cc radar and cc tech on an embedded data dir', () => {
  let dir = '';
  const env: Record<string, string> = {};
  const volume34 = join(THOUGHTWORKS_DIR, 'vol34-2026-Apr.csv');

  beforeAll(async () => {
    dir = tempDataDir('cc-radar-cli-');
    env.CC_DATA_DIR = dir;
    const user = await runCc(
      ['user', 'create', '--email', 'radar@example.com', '--name', 'Radar', '--password-stdin'],
      {
        env,
        stdin: 'correct horse battery staple\n',
        timeoutMs: 90_000,
      },
    );
    expect(user.code, user.process.describe()).toBe(0);
    const project = await runCc(['project', 'create', '--name', 'Radar CLI', '--owner', 'radar@example.com'], {
      env,
      timeoutMs: 60_000,
    });
    expect(project.code, project.process.describe()).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await killAll();
    removeDir(dir);
  });

  it('previews an import without writing, then imports and publishes a volume', { timeout: 120_000 }, async () => {
    const preview = await runCc(['radar', 'import', volume34, '--project', 'radar-cli', '--dry-run'], { env });
    expect(preview.code, preview.process.describe()).toBe(0);
    expect(preview.stdout).toMatch(/^118 rows: 118 to create, 0 to update, 0 unchanged, 0 conflicts, 0 to remove/);

    const imported = await runCc(
      [
        'radar',
        'import',
        volume34,
        '--project',
        'radar-cli',
        '--publish',
        'Volume 34',
        '--date',
        '2026-04-01',
        '--json',
      ],
      { env },
    );
    expect(imported.code, imported.process.describe()).toBe(0);
    const result = JSON.parse(imported.stdout) as { created: number; conflicts: number; volumeId: string | null };
    // The dry run wrote nothing: the real import still finds none of the file's 118 technologies.
    expect(result).toMatchObject({ rows: 118, created: 118, updated: 0, unchanged: 0, conflicts: 0 });
    expect(result.volumeId).not.toBeNull();
  });

  it('reads a Windows-1252 file as such and refuses an oversized one like the API', { timeout: 120_000 }, async () => {
    const legacy = join(dir, 'legacy.csv');
    writeFileSync(
      legacy,
      Buffer.concat([Buffer.from('name,ring,quadrant\nCaf'), Buffer.from([0xe9]), Buffer.from(',trial,tools\n')]),
    );
    const preview = await runCc(['radar', 'import', legacy, '--project', 'radar-cli', '--dry-run', '--json'], { env });
    expect(preview.code, preview.process.describe()).toBe(0);
    expect(preview.stderr).toContain('legacy.csv is not UTF-8: read as Windows-1252');
    expect(JSON.parse(preview.stdout).creates).toEqual([expect.objectContaining({ title: 'Café' })]);

    const huge = join(dir, 'huge.csv');
    writeFileSync(huge, `name,ring,quadrant\n${'x,trial,tools\n'.repeat(80_000)}`);
    const refused = await runCc(['radar', 'import', huge, '--project', 'radar-cli', '--dry-run'], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/an import takes at most 1,000,000\. Split it into several files\./);
  });

  it('lists, searches and adds technologies', { timeout: 120_000 }, async () => {
    const found = await runCc(['tech', 'list', '--project', 'radar-cli', '--q', 'context engineering', '--json'], {
      env,
    });
    expect(found.code, found.process.describe()).toBe(0);
    const items = JSON.parse(found.stdout) as Array<{ title: string }>;
    expect(items.map((item) => item.title)).toContain('Context engineering');

    const added = await runCc(
      ['tech', 'add', '--project', 'radar-cli', '--title', 'Our CLI tool', '--quadrant', 'tools', '--ring', 'trial'],
      { env },
    );
    expect(added.code, added.process.describe()).toBe(0);
    expect(added.stdout).toMatch(/^created technology Our CLI tool \(.+\) in tools\/trial/);
    const duplicate = await runCc(['tech', 'add', '--project', 'radar-cli', '--title', 'our cli TOOL'], { env });
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toMatch(/exists in this project already/);
  });

  it('exports CSV to standard output and SVG to a file', { timeout: 120_000 }, async () => {
    const csv = await runCc(['radar', 'export', '--project', 'radar-cli', '--format', 'byor-csv'], { env });
    expect(csv.code, csv.process.describe()).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('name,ring,quadrant,isNew,status,description,relatedBlips');
    expect(csv.stdout).toContain('Our CLI tool,Trial,Tools,TRUE,new,');

    const out = join(dir, 'radar.svg');
    const svg = await runCc(['radar', 'export', '--project', 'radar-cli', '--format', 'svg', '--out', out], { env });
    expect(svg.code, svg.process.describe()).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<svg');
  });
});
