import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script of the build, without type declarations.
import { stampIsCurrent, writeStamp } from '../../scripts/build-stamp.mjs';

/** `npm start` skips tsc and Vite when their stamps say nothing they read has changed (scripts/build.mjs). */
describe('build stamps', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function project() {
    const root = mkdtempSync(join(tmpdir(), 'cc-stamp-'));
    roots.push(root);
    mkdirSync(join(root, 'src'));
    mkdirSync(join(root, 'dist'));
    for (const name of ['a.ts', 'b.ts']) writeFileSync(join(root, 'src', name), `export const ${name[0]} = 1;\n`);
    return {
      root,
      stamp: join(root, 'dist', '.inputs.json'),
      files: ['a.ts', 'b.ts'].map((n) => join(root, 'src', n)),
    };
  }

  it('is current until a recorded file changes content, disappears, or a required file is new', () => {
    const { root, stamp, files } = project();
    expect(stampIsCurrent(root, stamp, files)).toBe(false);
    writeStamp(root, stamp, files);
    expect(stampIsCurrent(root, stamp, files)).toBe(true);

    // Same content written again (a checkout): still current.
    writeFileSync(files[0]!, 'export const a = 1;\n');
    expect(stampIsCurrent(root, stamp, files)).toBe(true);

    writeFileSync(files[0]!, 'export const a = 2;\n');
    expect(stampIsCurrent(root, stamp, files)).toBe(false);
    writeStamp(root, stamp, files);

    const added = join(root, 'src', 'c.ts');
    writeFileSync(added, 'export const c = 3;\n');
    expect(stampIsCurrent(root, stamp, [...files, added])).toBe(false);

    rmSync(files[1]!);
    expect(stampIsCurrent(root, stamp, [files[0]!])).toBe(false);
  });

  it('treats an unreadable stamp as a change', () => {
    const { root, stamp, files } = project();
    writeFileSync(stamp, '{ half-written');
    expect(stampIsCurrent(root, stamp, files)).toBe(false);
  });
});
